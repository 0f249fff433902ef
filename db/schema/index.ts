export * from "./users";
export * from "./courses";
export * from "./lti";
export * from "./dev-lms";
export * from "./work";
export * from "./passback";
export * from "./exports";
export * from "./research";
