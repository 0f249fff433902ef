import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Tests never touch the developer's ./.data: generated secrets and any stray files go to a temp directory.
 
process.env.DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "lantern-test-data-"));
 
process.env.APP_ENV ??= "test";

// Unit and DB tests drive background work themselves; nothing runs behind their back.
const { setBackgroundModeForTests } = await import("@/lib/background");
setBackgroundModeForTests("manual");
