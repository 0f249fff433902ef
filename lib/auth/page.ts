import { notFound, redirect } from "next/navigation";
import { HttpError } from "@/lib/errors";

/**
 * Runs a page's authorization and data loading, turning typed errors into navigation: a 404 renders the not-found
 * page, a 401 sends the visitor to the landing page (which explains how to get in). Anything else is a real error.
 */
export async function forPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) notFound();
    if (error instanceof HttpError && error.status === 401) redirect("/");
    throw error;
  }
}
