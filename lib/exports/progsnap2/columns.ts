// ProgSnap2 v1.0 MainTable and metadata as Lantern writes them (https://cssplice.github.io/progsnap2/; the
// machine-readable spec is ProgSnapToolbox's progsnap2.yaml). The validator (validate.ts) checks against SPEC below.

export type Datatype = "ID" | "URL" | "RelativePath" | "SourceLocation" | "String" | "Integer" | "Real" | "Boolean" | "Enum" | "Timestamp";

/** Every MainTable column with its datatype and whether it is universal (any event) or event-specific. */
export const COLUMNS: Record<string, { datatype: Datatype; universal: "required" | "optional" | false }> = {
  EventType: { datatype: "Enum", universal: "required" },
  EventID: { datatype: "ID", universal: "required" },
  SubjectID: { datatype: "ID", universal: "required" },
  ToolInstances: { datatype: "String", universal: "required" },
  CodeStateID: { datatype: "ID", universal: "required" },
  Order: { datatype: "Integer", universal: "optional" },
  ClientTimestamp: { datatype: "Timestamp", universal: "optional" },
  ServerTimestamp: { datatype: "Timestamp", universal: "optional" },
  CourseID: { datatype: "ID", universal: "optional" },
  CourseSectionID: { datatype: "ID", universal: "optional" },
  TermID: { datatype: "ID", universal: "optional" },
  AssignmentID: { datatype: "ID", universal: "optional" },
  AssignmentIsGraded: { datatype: "Boolean", universal: "optional" },
  ProblemID: { datatype: "ID", universal: "optional" },
  ProblemIsGraded: { datatype: "Boolean", universal: "optional" },
  Attempt: { datatype: "Integer", universal: "optional" },
  ExperimentalCondition: { datatype: "String", universal: "optional" },
  TeamID: { datatype: "ID", universal: "optional" },
  LoggingErrorID: { datatype: "ID", universal: "optional" },
  IsFabricatedEvent: { datatype: "Boolean", universal: "optional" },
  ParentEventID: { datatype: "ID", universal: false },
  SessionID: { datatype: "ID", universal: false },
  ProjectID: { datatype: "ID", universal: false },
  ResourceID: { datatype: "ID", universal: false },
  CodeStateSection: { datatype: "SourceLocation", universal: false },
  DestinationCodeStateSection: { datatype: "SourceLocation", universal: false },
  EventInitiator: { datatype: "Enum", universal: false },
  EditType: { datatype: "Enum", universal: false },
  CompileResult: { datatype: "Enum", universal: false },
  CompileMessageType: { datatype: "String", universal: false },
  CompileMessageData: { datatype: "String", universal: false },
  SourceLocation: { datatype: "SourceLocation", universal: false },
  ExecutionID: { datatype: "ID", universal: false },
  TestID: { datatype: "ID", universal: false },
  ExecutionResult: { datatype: "Enum", universal: false },
  Score: { datatype: "Real", universal: false },
  ExtraCreditScore: { datatype: "Real", universal: false },
  ProgramInput: { datatype: "URL", universal: false },
  ProgramOutput: { datatype: "URL", universal: false },
  ProgramErrorOutput: { datatype: "URL", universal: false },
  InterventionCategory: { datatype: "Enum", universal: false },
  InterventionType: { datatype: "String", universal: false },
  InterventionMessage: { datatype: "String", universal: false },
};

const RUN_OPTIONAL = ["ExecutionID", "Score", "ExtraCreditScore", "ProgramInput", "ProgramOutput", "ProgramErrorOutput"];

/** Event types of the specification with their required and optional event-specific columns. */
export const EVENT_TYPES: Record<string, { required: string[]; optional: string[] }> = {
  "Session.Start": { required: ["SessionID"], optional: [] },
  "Session.End": { required: ["SessionID"], optional: [] },
  "Project.Open": { required: ["ProjectID"], optional: [] },
  "Project.Close": { required: ["ProjectID"], optional: [] },
  "File.Create": { required: ["CodeStateSection"], optional: ["EventInitiator"] },
  "File.Delete": { required: ["CodeStateSection"], optional: ["EventInitiator"] },
  "File.Open": { required: ["CodeStateSection"], optional: ["EventInitiator"] },
  "File.Close": { required: ["CodeStateSection"], optional: ["EventInitiator"] },
  "File.Save": { required: ["CodeStateSection"], optional: ["EventInitiator"] },
  "File.Rename": { required: ["CodeStateSection", "DestinationCodeStateSection"], optional: ["EventInitiator"] },
  "File.Copy": { required: ["CodeStateSection", "DestinationCodeStateSection"], optional: ["EventInitiator"] },
  "File.Edit": { required: ["CodeStateSection", "EditType"], optional: ["EventInitiator", "SourceLocation"] },
  "File.Focus": { required: ["CodeStateSection"], optional: ["EventInitiator"] },
  Compile: { required: ["CodeStateSection", "CompileResult"], optional: ["EventInitiator"] },
  "Compile.Error": { required: ["ParentEventID", "CodeStateSection", "CompileMessageType", "CompileMessageData", "SourceLocation"], optional: [] },
  "Compile.Warning": { required: ["ParentEventID", "CodeStateSection", "CompileMessageType", "CompileMessageData", "SourceLocation"], optional: [] },
  Submit: { required: [], optional: ["ExecutionID", "Score", "ExtraCreditScore"] },
  "Run.Program": { required: ["ExecutionResult"], optional: RUN_OPTIONAL },
  "Run.Test": { required: ["ExecutionID", "TestID", "ExecutionResult"], optional: RUN_OPTIONAL.filter((c) => c !== "ExecutionID") },
  "Debug.Program": { required: ["ExecutionResult"], optional: RUN_OPTIONAL },
  "Debug.Test": { required: ["ExecutionID", "TestID", "ExecutionResult"], optional: RUN_OPTIONAL.filter((c) => c !== "ExecutionID") },
  "Resource.View": { required: ["ResourceID"], optional: [] },
  Intervention: { required: ["EventInitiator", "InterventionCategory", "InterventionType", "InterventionMessage"], optional: [] },
};

/** Enum columns and their values in the specification (custom values must start with "X-"). */
export const ENUMS: Record<string, string[]> = {
  EventInitiator: ["UserDirectAction", "UserIndirectAction", "ToolReaction", "ToolTimedEvent", "InstructorDirectAction", "InstructorIndirectAction", "TeamMemberDirectAction", "TeamMemberIndirectAction"],
  EditType: ["Insert", "Delete", "Replace", "Move", "Paste", "Undo", "Redo", "Refactor", "Reset", "GenericEdit"],
  CompileResult: ["Success", "Warning", "Error"],
  ExecutionResult: ["Success", "Timeout", "Error", "TestFailed"],
  InterventionCategory: ["Feedback", "Hint", "CodeHighlight", "CodeChange", "EarnedGrade"],
};

/** Columns Lantern writes, in file order. */
export const MAIN_TABLE_COLUMNS = [
  "EventType", "EventID", "Order", "SubjectID", "ToolInstances", "CodeStateID", "ClientTimestamp", "ServerTimestamp",
  "CourseID", "AssignmentID", "AssignmentIsGraded", "Attempt", "IsFabricatedEvent", "SessionID", "ParentEventID",
  "CodeStateSection", "EditType", "CompileResult", "CompileMessageType", "CompileMessageData", "SourceLocation",
  "ExecutionID", "TestID", "ExecutionResult", "Score", "ProgramErrorOutput", "EventInitiator", "InterventionCategory",
  "InterventionType", "InterventionMessage",
] as const;
export type MainTableColumn = (typeof MAIN_TABLE_COLUMNS)[number];
