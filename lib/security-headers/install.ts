import { env } from "@/lib/env";
import { selectLmsOrigins } from "@/lib/models/frame-origins";
import { installFrameOriginsLoader } from "./frame-origins";
import { lmsOriginSources } from "./policy";

/** At server start: frame-ancestors/form-action read the registered LMSs' origins from the database. */
export function installLmsOrigins(): void {
  installFrameOriginsLoader(async () => lmsOriginSources(await selectLmsOrigins(), { httpsOnly: env().APP_ENV === "production" }));
}
