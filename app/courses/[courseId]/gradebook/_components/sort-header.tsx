import Link from "next/link";

/** A column header that sorts the table by that column (again: the other way round). */
export function SortHeader({ label, href, active, dir }: { label: string; href: string; active: boolean; dir: "asc" | "desc" }) {
  return (
    <Link href={href} className="inline-flex items-center gap-1 text-slate-900 hover:underline">
      <span>{label}</span>
      <span aria-hidden="true" className="text-xs text-slate-600">{active ? (dir === "asc" ? "▲" : "▼") : "↕"}</span>
      <span className="sr-only">{active ? `, sorted ${dir === "asc" ? "ascending" : "descending"}; sort the other way` : ", sort by this column"}</span>
    </Link>
  );
}
