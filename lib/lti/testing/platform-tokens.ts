import { CLAIM } from "../claims";

/**
 * id_token payloads shaped like the ones real Canvas and Moodle send (field for field, values made up), for tests
 * that must not pass only because our own test platform sends tidy claims. Canvas: the example ID token published
 * by an Instructure engineer (https://gist.github.com/westonkd/893d18f8a1bb36cb79d0a24324475fe6) plus the placement
 * claim of graded-assignment launches; Moodle 4.x: mod/lti's LTI 1.3 launch (lti_build_request + the JWT mapping).
 */

type Common = { issuer: string; clientId: string; deploymentId: string; nonce: string; target: string };

const now = () => Math.floor(Date.now() / 1000);
/** Canvas adds these empty validation members to every claim object it builds. */
const canvasNoise = { validation_context: null, errors: { errors: {} } };

export function canvasAssignmentLaunch(c: Common): Record<string, unknown> {
  return {
    [CLAIM.messageType]: "LtiResourceLinkRequest",
    [CLAIM.version]: "1.3.0",
    [CLAIM.resourceLink]: { id: "7f956bcc8f67cd076ae464862ce83596a1bb3293", description: null, title: "Loops lab", ...canvasNoise },
    [CLAIM.ags]: {
      scope: [
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
      ],
      lineitems: "https://school.instructure.test/api/lti/courses/1/line_items",
      lineitem: "https://school.instructure.test/api/lti/courses/1/line_items/7",
      ...canvasNoise,
    },
    aud: c.clientId,
    azp: c.clientId,
    [CLAIM.deploymentId]: c.deploymentId,
    exp: now() + 3600,
    iat: now(),
    iss: c.issuer,
    nonce: c.nonce,
    sub: "82c59950-9ec3-4ae9-ad32-208c158143e0",
    [CLAIM.targetLinkUri]: c.target,
    picture: "https://school.instructure.test/images/messages/avatar-50.png",
    email: "ada@example.edu",
    name: "Ada Lovelace",
    given_name: "Ada",
    family_name: "Lovelace",
    "https://purl.imsglobal.org/spec/lti/claim/lis": { person_sourcedid: null, course_offering_sourcedid: null, ...canvasNoise },
    [CLAIM.context]: {
      id: "4dde05e8ca1973bcca9bffc13e1548820eee93a3",
      label: "CS101",
      title: "Intro to Programming",
      type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
      ...canvasNoise,
    },
    [CLAIM.toolPlatform]: {
      guid: "4MRcxnx6vQbFXxhLb8005m5WXFM2Z2i8lQwhJ1QT:canvas-lms",
      name: "Example University",
      version: "cloud",
      product_family_code: "canvas",
      ...canvasNoise,
    },
    [CLAIM.launchPresentation]: {
      document_target: "iframe",
      return_url: "https://school.instructure.test/courses/1/external_content/success/external_tool_redirect",
      locale: "en",
      height: 400,
      width: 800,
      ...canvasNoise,
    },
    locale: "en",
    [CLAIM.roles]: [
      "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student",
      "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
      "http://purl.imsglobal.org/vocab/lis/v2/system/person#User",
    ],
    [CLAIM.custom]: {
      due_at: "2026-12-01T23:59:00Z",
      lock_at: "$Canvas.assignment.lockAt.iso8601",
      unlock_at: null,
      canvas_course_id: 1,
      canvas_user_id: 12,
    },
    [CLAIM.nrps]: {
      context_memberships_url: "https://school.instructure.test/api/lti/courses/1/names_and_roles",
      service_versions: ["2.0"],
      ...canvasNoise,
    },
    "https://purl.imsglobal.org/spec/lti/claim/lti11_legacy_user_id": "b8f8e7c0a3c4d5e6f708192a3b4c5d6e7f809102",
    "https://purl.imsglobal.org/spec/lti/claim/lti1p1": { user_id: "b8f8e7c0a3c4d5e6f708192a3b4c5d6e7f809102", ...canvasNoise },
    errors: { errors: {} },
    [CLAIM.canvasPlacement]: null,
  };
}

/** Canvas' Deep Linking request from the assignment_selection placement. */
export function canvasDeepLinkingRequest(c: Common): Record<string, unknown> {
  const launch = canvasAssignmentLaunch(c);
  for (const claim of [CLAIM.resourceLink, CLAIM.ags, CLAIM.custom]) delete launch[claim];
  return {
    ...launch,
    [CLAIM.messageType]: "LtiDeepLinkingRequest",
    [CLAIM.roles]: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
    sub: "0e1d2c3b-4a59-6877-8695-a4b3c2d1e0f9",
    [CLAIM.deepLinkingSettings]: {
      deep_link_return_url: "https://school.instructure.test/courses/1/deep_linking_response?modal=true",
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: ["iframe", "window"],
      accept_media_types: "application/vnd.ims.lti.v1.ltilink",
      auto_create: false,
      accept_multiple: null,
      ...canvasNoise,
    },
    [CLAIM.canvasPlacement]: "assignment_selection",
  };
}

export function moodleActivityLaunch(c: Common): Record<string, unknown> {
  return {
    nonce: c.nonce,
    iat: now(),
    exp: now() + 60,
    iss: c.issuer,
    aud: c.clientId,
    [CLAIM.deploymentId]: c.deploymentId,
    [CLAIM.targetLinkUri]: c.target,
    sub: "3",
    "https://purl.imsglobal.org/spec/lti/claim/lis": { person_sourcedid: "", course_section_sourcedid: "" },
    [CLAIM.roles]: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
    [CLAIM.context]: { id: "2", label: "CS101", title: "Intro to Programming", type: ["CourseSection"] },
    [CLAIM.messageType]: "LtiResourceLinkRequest",
    [CLAIM.resourceLink]: { title: "Loops lab", description: "", id: "5" },
    "https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome": {
      lis_result_sourcedid: '{"data":{"instanceid":"5","userid":"3","typeid":"1","launchid":1234},"hash":"abc"}',
      lis_outcome_service_url: `${c.issuer}/mod/lti/service.php`,
    },
    given_name: "Ada",
    family_name: "Lovelace",
    name: "Ada Lovelace",
    "https://purl.imsglobal.org/spec/lti/claim/ext": { user_username: "ada", lms: "moodle-2" },
    email: "ada@example.edu",
    [CLAIM.launchPresentation]: {
      locale: "en",
      document_target: "iframe",
      return_url: `${c.issuer}/mod/lti/return.php?course=2&launch_container=3&instanceid=5&sesskey=Qx1`,
    },
    [CLAIM.toolPlatform]: { product_family_code: "moodle", version: "2024100700", guid: "moodle.test", name: "Moodle", description: "Moodle" },
    [CLAIM.version]: "1.3.0",
    [CLAIM.custom]: { due_at: "", lock_at: "$ResourceLink.available.endDateTime" },
    [CLAIM.ags]: {
      scope: ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", "https://purl.imsglobal.org/spec/lti-ags/scope/score"],
      lineitems: `${c.issuer}/mod/lti/services.php/2/lineitems?type_id=1`,
      lineitem: `${c.issuer}/mod/lti/services.php/2/lineitems/3/lineitem?type_id=1`,
    },
    [CLAIM.nrps]: {
      context_memberships_url: `${c.issuer}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`,
      service_versions: ["1.0", "2.0"],
    },
  };
}

/** Moodle's Deep Linking request (the "Select content" button of an activity's settings). */
export function moodleDeepLinkingRequest(c: Common): Record<string, unknown> {
  const launch = moodleActivityLaunch(c);
  for (const claim of [CLAIM.resourceLink, CLAIM.ags, CLAIM.custom, "https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome"]) {
    delete launch[claim];
  }
  return {
    ...launch,
    [CLAIM.messageType]: "LtiDeepLinkingRequest",
    [CLAIM.roles]: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
    [CLAIM.deepLinkingSettings]: {
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: ["frame", "iframe", "window"],
      accept_copy_advice: false,
      accept_multiple: true,
      accept_unsigned: false,
      auto_create: false,
      can_confirm: false,
      deep_link_return_url: `${c.issuer}/mod/lti/contentitem_return.php?course=2&id=1&sesskey=Qx1`,
      title: "",
      text: "",
    },
  };
}
