import { backgroundMode } from "@/lib/background";
import { log } from "@/lib/log";
import { wakeGradingRunner } from "./runner";
import { sandboxPool, SandboxPolicyError } from "./sandbox";

/** Starts grading inside the app's own start-up (embedded mode): checks the sandbox policy, then warms the pool. */
export async function startEmbeddedGrader(): Promise<void> {
  try {
    void sandboxPool().warm();
    // Without Inngest the runner here claims jobs from the durable rows (resuming what a restart interrupted).
    if (backgroundMode() === "in-process") wakeGradingRunner();
  } catch (error) {
    if (error instanceof SandboxPolicyError) {
      log.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
