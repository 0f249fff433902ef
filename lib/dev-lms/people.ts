/**
 * The dev LMS's people. Every course has the same roster: the launchable personas plus generated learners, so NRPS
 * paging has something to page through. Role URIs are LTI Core 1.3 Appendix A.2 vocabularies.
 */

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership";
const INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person";

export const ROLES = {
  instructor: `${MEMBERSHIP}#Instructor`,
  learner: `${MEMBERSHIP}#Learner`,
  // A sub-role is sent with its principal role, as LTI Core 1.3 §A.2.3.1 recommends (Moodle and Canvas do too).
  teachingAssistant: `${MEMBERSHIP}/Instructor#TeachingAssistant`,
  contentDeveloper: `${MEMBERSHIP}#ContentDeveloper`,
  faculty: `${INSTITUTION}#Faculty`,
  student: `${INSTITUTION}#Student`,
  // Canvas marks its Student View user ("Test Student") with this LTI system role.
  testUser: "http://purl.imsglobal.org/vocab/lti/system/person#TestUser",
} as const;

export type Person = {
  key: string;
  /** The `sub` claim and the NRPS/AGS `user_id`. */
  userId: string;
  label: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  roles: string[];
  /** Section within every course (sent as `lis.course_section_sourcedid` = `<context>-<section>`). */
  section?: string;
};

/** The people the course page can launch as. */
export const PERSONAS: Person[] = [
  {
    key: "instructor",
    userId: "dev-instructor",
    label: "Instructor",
    name: "Ada Lovelace",
    givenName: "Ada",
    familyName: "Lovelace",
    email: "ada.instructor@dev-lms.test",
    roles: [ROLES.instructor, ROLES.faculty],
  },
  {
    key: "student",
    userId: "dev-student",
    label: "Student",
    name: "Grace Hopper",
    givenName: "Grace",
    familyName: "Hopper",
    email: "grace.student@dev-lms.test",
    roles: [ROLES.learner, ROLES.student],
  },
  {
    key: "ta",
    userId: "dev-ta",
    label: "Teaching assistant",
    name: "Alan Turing",
    givenName: "Alan",
    familyName: "Turing",
    email: "alan.ta@dev-lms.test",
    roles: [ROLES.instructor, ROLES.teachingAssistant],
  },
  {
    key: "test-student",
    userId: "dev-test-student",
    label: "Canvas Test Student",
    name: "Test Student",
    givenName: "Test",
    familyName: "Student",
    roles: [ROLES.learner, ROLES.testUser],
  },
  {
    key: "anonymous",
    userId: "dev-anonymous",
    label: "Student without name or email",
    roles: [ROLES.learner],
  },
  {
    key: "designer",
    userId: "dev-designer",
    label: "Content developer",
    name: "Margaret Hamilton",
    givenName: "Margaret",
    familyName: "Hamilton",
    email: "margaret.designer@dev-lms.test",
    roles: [ROLES.contentDeveloper],
  },
];

/** Generated learners that only appear in the roster (NRPS) and can receive scores. */
export const EXTRA_LEARNERS = 30;

function generatedLearner(n: number): Person {
  const nn = String(n).padStart(2, "0");
  return {
    key: `learner-${nn}`,
    userId: `dev-learner-${nn}`,
    label: `Learner ${nn}`,
    name: `Learner ${nn}`,
    givenName: "Learner",
    familyName: nn,
    email: `learner${nn}@dev-lms.test`,
    roles: [ROLES.learner, ROLES.student],
    section: n % 2 ? "A" : "B",
  };
}

/** The full roster of every dev LMS course, in a stable order. */
export function roster(): Person[] {
  return [...PERSONAS, ...Array.from({ length: EXTRA_LEARNERS }, (_, i) => generatedLearner(i + 1))];
}

/** A person by persona key or user id; null when unknown. */
export function findPerson(keyOrUserId: string): Person | null {
  return roster().find((p) => p.key === keyOrUserId || p.userId === keyOrUserId) ?? null;
}
