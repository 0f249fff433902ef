"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { MouseEvent } from "react";
import { LocalTime } from "@/components/local-time";
import type { Enrollment } from "@/lib/models/enrollments";
import { decodeCell, GradebookCellView, type CellCode } from "./gradebook-cell";

/** One member's row as the page sends it: cells in the order of the columns, `null` where there is no work. */
export type GradebookRowData = {
  userId: string;
  label: string;
  isTestUser: boolean;
  status: Enrollment["status"];
  lastLaunchAt: string | null;
  cells: (CellCode | null)[];
};

/**
 * The gradebook's body, rendered from compact rows: a server component's 1,000 cells went to the browser twice, as
 * HTML and again as React's element tree in the flight data; this way the flight data holds only the numbers. The
 * HTML is the same server-rendered table, readable and keyboard-usable before any script runs.
 *
 * Cell links are plain `<a>`s (1,000 `<Link>`s cost render time, and each would prefetch); one click handler here
 * makes them client-side navigations like `<Link>`'s. That matters beyond speed: in a cookie-blocked LMS frame the
 * session travels only on Next's fetches (app/lti/_components/launch-token-bridge.tsx), so a full page load would
 * arrive signed out. Modified clicks (new tab, new window) are left to the browser, as `<Link>` leaves them.
 */
export function GradebookRows({ courseId, assignments, rows }: { courseId: string; assignments: { id: string; points: number }[]; rows: GradebookRowData[] }) {
  const router = useRouter();
  const navigate = (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest("a");
    if (!link || link.origin !== window.location.origin || link.target || link.hasAttribute("download")) return;
    event.preventDefault();
    router.push(link.pathname + link.search + link.hash);
  };
  return (
    <tbody onClick={navigate}>
      {rows.map((row) => (
        <StudentRow key={row.userId} row={row} courseId={courseId} assignments={assignments} />
      ))}
    </tbody>
  );
}

function StudentRow({ row, courseId, assignments }: { row: GradebookRowData; courseId: string; assignments: { id: string; points: number }[] }) {
  const cells = row.cells.map((c) => (c ? decodeCell(c) : null));
  const total = cells.reduce((n, c) => n + (c?.score ?? 0), 0);
  return (
    <tr className="group">
      <th scope="row" className="sticky left-0 z-10 border-b border-r border-slate-200 bg-white px-2 py-1 text-left font-normal group-hover:bg-slate-50">
        <Link href={`/courses/${courseId}/students/${row.userId}`} className="text-lantern-700 underline">{row.label}</Link>
        {row.isTestUser && <span className="ml-1 text-xs text-slate-600">(test student)</span>}
        {row.status !== "active" && <span className="ml-1 rounded bg-slate-200 px-1 text-xs text-slate-800">{row.status}</span>}
        {row.lastLaunchAt === null && <span className="ml-1 text-xs text-slate-600">(never launched)</span>}
      </th>
      <td className="whitespace-nowrap px-2 text-left text-slate-700">{row.lastLaunchAt ? <LocalTime iso={row.lastLaunchAt} /> : "—"}</td>
      {assignments.map((a, i) => (
        // Relative to the gradebook's own URL (/courses/{id}/gradebook): the course's part of every cell's link, once.
        <GradebookCellView key={a.id} cell={cells[i]} points={a.points} href={`assignments/${a.id}/students/${row.userId}`} studentName={row.label} />
      ))}
      <td className="px-2 font-medium tabular-nums">{total}</td>
    </tr>
  );
}
