"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { FormOutcome, primaryButton } from "@/components/form-controls";
import { SITE_ROLES, type SiteRole } from "@/lib/auth/roles";
import { setUserRolesAction } from "../actions";

const ROLE_HELP: Record<SiteRole, string> = {
  admin: "runs the site: platforms, users, courses, audit log",
  researcher: "may request research exports of courses whose instructors granted access",
};

/** A user's site roles as checkboxes. */
export function RolesForm({ userId, roles }: { userId: string; roles: readonly SiteRole[] }) {
  const [state, formAction, pending] = useActionState(setUserRolesAction, undefined);
  return (
    <form action={formAction} className="mt-2 space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <fieldset>
        <legend className="sr-only">Site roles</legend>
        {SITE_ROLES.map((role) => (
          <label key={role} className="mt-1 flex items-start gap-2 text-sm">
            <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} className="mt-1" />
            <span>
              <span className="font-medium">{role === "admin" ? "Admin" : "Researcher"}</span>: {ROLE_HELP[role]}
            </span>
          </label>
        ))}
      </fieldset>
      <SubmitButton className={primaryButton} unavailable={pending}>
        Save roles
      </SubmitButton>
      <FormOutcome state={state} />
    </form>
  );
}
