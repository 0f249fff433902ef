import Link from "next/link";
import { Shell } from "@/components/shell";

const SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/platforms", label: "LMS platforms" },
  { href: "/admin/consumer-keys", label: "LTI 1.1 keys" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/courses", label: "Courses" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/account/tokens", label: "Your API tokens" },
] as const;

/**
 * The admin pages' frame: the site shell with the admin section navigation; `current` marks the open section and
 * `parent` is the section page above a detail page (its breadcrumb).
 */
export async function AdminFrame({
  current,
  title,
  parent,
  children,
}: {
  current: (typeof SECTIONS)[number]["href"];
  title: string;
  parent?: { href: string; label: string };
  children: React.ReactNode;
}) {
  const crumbs = current === "/admin" ? [{ label: "Admin" }] : [{ href: "/admin", label: "Admin" }, ...(parent ? [parent] : []), { label: title }];
  return (
    <Shell crumbs={crumbs}>
      <nav aria-label="Admin sections" className="mb-6 border-b border-slate-200 pb-2">
        <ul className="flex flex-wrap gap-4 text-sm">
          {SECTIONS.map((s) => (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={s.href === current ? (parent ? "location" : "page") : undefined}
                className={s.href === current ? "font-semibold text-slate-900 underline" : "text-lantern-700 hover:underline"}
              >
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* A title may be a long email address with no break opportunity: it must wrap at 320 px (WCAG 1.4.10). */}
      <h1 className="text-2xl font-semibold [overflow-wrap:anywhere]">{title}</h1>
      {children}
    </Shell>
  );
}
