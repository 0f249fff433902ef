/** Lantern's LTI 1.1 launch path; the signed URL is APP_URL plus this (APP_URL is the public origin, lib/env.ts). */
export const LTI11_LAUNCH_PATH = "/lti/1.1/launch";
