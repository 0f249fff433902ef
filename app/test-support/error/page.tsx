import { notFound } from "next/navigation";
import { testLoginEnabled } from "@/lib/auth/test-login";

export const dynamic = "force-dynamic";

/** Test-only: throws so e2e tests can check the error page (404 wherever the test login is disabled). */
export default function ErrorTestPage(): never {
  if (!testLoginEnabled()) notFound();
  throw new Error("Deliberate failure for the error-page test");
}
