import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { AppUrlWarning } from "@/components/app-url-warning";
import { FrameResize } from "@/components/lti/frame-resize";
import { LaunchTokenBridge } from "./lti/_components/launch-token-bridge";
import "./globals.css";

export const metadata: Metadata = {
  // No title here: pages render theirs through <Shell> (components/shell.tsx), so each says what it is.
  description: "Programming assignments inside your LMS: write, run and submit Python in the browser.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so Next puts the request's CSP nonce on its scripts (proxy.ts); a page
  // prerendered at build time would carry none and its scripts would be refused.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <LaunchTokenBridge />
        <FrameResize />
        <AppUrlWarning />
        {children}
      </body>
    </html>
  );
}
