import { z } from "zod";
import type { AssignmentChoice } from "@/components/assignment-choices";
import { pointsSchema } from "@/lib/assignments/points";
import { requireCourseRole, type CourseAuthz } from "@/lib/auth/authz";
import { STAFF_ROLES } from "@/lib/auth/roles";
import type { Session } from "@/lib/auth/session";
import { notFound } from "@/lib/errors";
import { parse } from "@/lib/http";
import { selectAssignments } from "@/lib/models/assignments";
import {
  markDeepLinkRequestUsed,
  selectOptionalOpenDeepLinkRequest,
  type LtiDeepLinkRequest,
} from "@/lib/models/lti-deep-links";
import { sha256 } from "./binding";
import { deepLinkReturnPage, signDeepLinkResponse, type PickedAssignment } from "./deep-linking";
import { insertAssignmentFromLms } from "./new-assignment";

/**
 * The open Deep Linking request behind a picker URL, for the staff member who started it. The token in the URL is a
 * capability; the session must also belong to the same user and still be staff in the course.
 */
export async function openDeepLinkRequest({
  unsafeToken,
  session,
}: {
  unsafeToken: string;
  session: Session;
}): Promise<{ request: LtiDeepLinkRequest; authz: CourseAuthz }> {
  if (unsafeToken.length > 100) throw notFound();
  const request = await selectOptionalOpenDeepLinkRequest({ tokenHash: sha256(unsafeToken) });
  if (!request || request.userId !== session.user.id) throw notFound("This content selection has expired.");
  const authz = await requireCourseRole({ unsafeCourseId: request.courseId, roles: STAFF_ROLES, session });
  return { request, authz };
}

/** The assignments the picker (and the page connecting an LMS link) offers. */
export async function pickerAssignments(authz: CourseAuthz): Promise<AssignmentChoice[]> {
  const rows = await selectAssignments({ authz });
  return rows.map((a) => ({ id: a.id, title: a.title, points: a.points, published: a.publishedAt !== null }));
}

const responseForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pick"), assignment: z.array(z.uuid()).min(1, "Pick at least one assignment.").max(50) }),
  z.object({
    intent: z.literal("create"),
    title: z.string().trim().min(1, "Give the assignment a title.").max(200),
    points: pointsSchema,
  }),
  z.object({ intent: z.literal("cancel") }),
]);

/**
 * Answers the Deep Linking request from the picker's form: link existing assignments, create one and link it, or
 * cancel. Returns the auto-posting page that hands the signed LtiDeepLinkingResponse back to the LMS.
 */
export async function respondToDeepLink({
  unsafeToken,
  session,
  form,
}: {
  unsafeToken: string;
  session: Session;
  form: FormData;
}): Promise<Response> {
  const { request, authz } = await openDeepLinkRequest({ unsafeToken, session });
  const input = parse(responseForm, { ...Object.fromEntries(form), assignment: form.getAll("assignment") }, "form");
  let picked: PickedAssignment[] = [];
  if (input.intent === "pick") {
    const available = new Map((await pickerAssignments(authz)).map((a) => [a.id, a]));
    picked = input.assignment.map((id) => available.get(id)).filter((a) => a !== undefined);
    if (picked.length === 0) throw notFound("No such assignment.");
  } else if (input.intent === "create") {
    const created = await insertAssignmentFromLms({ authz, title: input.title, points: input.points });
    picked = [{ id: created.id, title: created.title, points: created.points }];
  }
  if (!(await markDeepLinkRequestUsed({ requestId: request.id }))) throw notFound("This content selection was already sent.");
  const jwt = await signDeepLinkResponse(
    request,
    picked,
    input.intent === "cancel" ? { message: "No content was added." } : {},
  );
  return deepLinkReturnPage(request.returnUrl, jwt);
}
