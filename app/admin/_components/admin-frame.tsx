import Link from "next/link";
import { Shell } from "@/components/shell";

const SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/platforms", label: "LMS platforms" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/courses", label: "Courses" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/account/tokens", label: "Your API tokens" },
] as const;

/** The admin pages' frame: the site shell with the admin section navigation; `current` marks the open section. */
export async function AdminFrame({
  current,
  title,
  children,
}: {
  current: (typeof SECTIONS)[number]["href"];
  title: string;
  children: React.ReactNode;
}) {
  return (
    <Shell crumbs={current === "/admin" ? [{ label: "Admin" }] : [{ href: "/admin", label: "Admin" }, { label: title }]}>
      <nav aria-label="Admin sections" className="mb-6 border-b border-slate-200 pb-2">
        <ul className="flex flex-wrap gap-4 text-sm">
          {SECTIONS.map((s) => (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={s.href === current ? "page" : undefined}
                className={s.href === current ? "font-semibold text-slate-900 underline" : "text-lantern-700 hover:underline"}
              >
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
    </Shell>
  );
}
