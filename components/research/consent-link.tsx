import Link from "next/link";

/** The small "Research consent" link shown with the editor, so students can see and change their choice. */
export function ResearchConsentLink({ courseId }: { courseId: string }) {
  return (
    <p className="mt-6 text-sm text-slate-700">
      <Link href={`/courses/${courseId}/research-consent`} className="underline">
        Research consent: see or change whether your de-identified work is used for research
      </Link>
    </p>
  );
}
