import { handler } from "@/lib/auth/handler";
import { htmlResponse, messagePage } from "@/lib/dev-lms/html";
import { requireDevLms } from "@/lib/dev-lms/platform";
import { storageScript, toolOrigins } from "@/lib/dev-lms/storage-script";
import { selectDevLmsTools } from "@/lib/models/dev-lms";

export const dynamic = "force-dynamic";

/** The hidden frame named by `lti_storage_target` that keeps the tool's state and nonce (platform storage). */
export const GET = handler({ access: { public: true } }, async () => {
  requireDevLms();
  const script = storageScript({ allowedOrigins: toolOrigins(await selectDevLmsTools()), storage: true });
  const html = messagePage("Dev LMS platform storage", "<p>This frame stores data for LTI tools.</p>").replace(
    "</body>",
    `<script>${script}</script></body>`,
  );
  return htmlResponse(html);
});
