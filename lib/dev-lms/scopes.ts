/** Service scopes the dev LMS grants (AGS 2.0 §3.1, NRPS 2.0 §2.2). */
export const SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  resultReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  membershipsReadonly: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

export const SUPPORTED_SCOPES: string[] = Object.values(SCOPES);
export const AGS_SCOPES: string[] = [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.score, SCOPES.resultReadonly];

export const CLAIM = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
  toolPlatform: "https://purl.imsglobal.org/spec/lti/claim/tool_platform",
  launchPresentation: "https://purl.imsglobal.org/spec/lti/claim/launch_presentation",
  custom: "https://purl.imsglobal.org/spec/lti/claim/custom",
  lis: "https://purl.imsglobal.org/spec/lti/claim/lis",
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  dlData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  dlMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
  dlLog: "https://purl.imsglobal.org/spec/lti-dl/claim/log",
  dlErrorMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg",
  dlErrorLog: "https://purl.imsglobal.org/spec/lti-dl/claim/errorlog",
  canvasPlacement: "https://www.instructure.com/placement",
  toolConfiguration: "https://purl.imsglobal.org/spec/lti-tool-configuration",
  platformConfiguration: "https://purl.imsglobal.org/spec/lti-platform-configuration",
} as const;
