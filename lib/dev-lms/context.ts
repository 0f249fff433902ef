/** The course (LTI context) a launch happens in. Any context id works; each is a separate gradebook. */
export function contextInfo(contextId: string) {
  return {
    id: contextId,
    label: contextId === "dev-course-1" ? "CS 101" : contextId.slice(0, 40),
    title: contextId === "dev-course-1" ? "Introduction to Programming (dev LMS)" : `Dev LMS course ${contextId}`,
    type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
  };
}
