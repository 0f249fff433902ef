import { setBackgroundModeForTests } from "@/lib/background";

// Unit and DB tests drive background work themselves; nothing runs behind their back.
setBackgroundModeForTests("manual");
