import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import type { CourseAuthz } from "@/lib/auth/authz";
import type { Assignment } from "@/lib/models/assignments";
import type { OwnAssignmentState } from "@/lib/models/student-course";

const STATE_LABEL = { not_started: "Not started", in_progress: "In progress", submitted: "Submitted", graded: "Graded" } as const;

type Section = { id: string; title: string; items: Assignment[] };

/** The student's list of assignments: each with its state, score, due date (in the student's time zone) and late flag. */
export function StudentCourse({
  authz,
  sections,
  states,
  now = new Date(),
}: {
  authz: CourseAuthz;
  sections: Section[];
  states: Map<string, OwnAssignmentState>;
  now?: Date;
}) {
  if (sections.length === 0) return <p className="mt-4 text-slate-700">No assignments are available yet.</p>;
  return (
    <>
      {sections.map((section) => (
        <section key={section.id} className="mt-6" aria-labelledby={`group-${section.id}`}>
          <h2 id={`group-${section.id}`} className="text-base font-semibold text-slate-800">
            {section.title}
          </h2>
          <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200">
            {section.items.map((a) => {
              const state = states.get(a.id);
              const status = state?.status ?? "not_started";
              const notOpen = a.opensAt !== null && a.opensAt > now;
              const pastDue = a.dueAt !== null && a.dueAt < now && (status === "not_started" || status === "in_progress");
              return (
                <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                  <div className="min-w-0">
                    {notOpen ? (
                      <span className="font-medium text-slate-900">{a.title}</span>
                    ) : (
                      <Link href={`/courses/${authz.course.id}/assignments/${a.id}`} className="font-medium text-lantern-700 hover:underline">
                        {a.title}
                      </Link>
                    )}
                    <p className="text-sm text-slate-700">
                      {notOpen ? (
                        <>
                          Opens <LocalTime iso={a.opensAt!.toISOString()} />
                        </>
                      ) : a.dueAt ? (
                        <>
                          Due <LocalTime iso={a.dueAt.toISOString()} />
                        </>
                      ) : (
                        "No due date"
                      )}
                    </p>
                  </div>
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="rounded bg-slate-100 px-2 py-0.5 font-medium text-slate-800">{STATE_LABEL[status]}</span>
                    {status === "graded" && state?.score !== null && state?.score !== undefined && (
                      <span>
                        {state.score} / {a.points}
                      </span>
                    )}
                    {status !== "graded" && <span className="text-slate-700">{a.points} points</span>}
                    {(state?.late || pastDue) && <span className="rounded bg-amber-100 px-2 py-0.5 font-medium text-amber-900">{state?.late ? "Late" : "Past due"}</span>}
                    {a.gradedBy === "staff" && status === "submitted" && <span className="text-slate-700">Waiting for staff to grade</span>}
                  </p>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}
