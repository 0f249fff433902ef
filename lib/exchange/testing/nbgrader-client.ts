/**
 * An HTTP client that calls the exchange the way nbgrader's nbexchange plugin does (python-requests): query values
 * `quote_plus`-encoded (space → `+`, `/` → `%2F`), multipart bodies with the fields first and the file last
 * (filename `assignment.tar.gz` / `feedback.html`), `Authorization: token …`. Used by the contract tests (through
 * the route handlers) and the bench (over HTTP). Test and bench code only.
 */

export type Fetcher = (req: Request) => Promise<Response>;

/** Python's urllib.parse.quote_plus with its default safe set (nothing but letters, digits and `_.-~`). */
export function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

export type Query = Record<string, string | string[] | undefined>;

export class NbgraderClient {
  constructor(
    private readonly send: Fetcher,
    private readonly base: string,
    private readonly auth: { token?: string; cookie?: string },
  ) {}

  url(endpoint: string, query: Query = {}): string {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) parts.push(`${quotePlus(k)}=${quotePlus(one)}`);
    }
    return `${this.base}/services/nbexchange/${endpoint}${parts.length ? `?${parts.join("&")}` : ""}`;
  }

  private headers(extra: Record<string, string> = {}): Headers {
    const h = new Headers(extra);
    if (this.auth.token) h.set("authorization", `token ${this.auth.token}`);
    if (this.auth.cookie) h.set("cookie", this.auth.cookie);
    return h;
  }

  request(method: string, endpoint: string, query: Query = {}, body?: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(new Request(this.url(endpoint, query), { method, headers: this.headers(headers), body, ...(body ? { duplex: "half" } : {}) } as RequestInit));
  }

  get(endpoint: string, query: Query = {}) {
    return this.request("GET", endpoint, query);
  }

  /** A multipart POST: `fields` first (repeated names allowed), then the file part. */
  postFile(endpoint: string, query: Query, file: { field: string; filename: string; bytes: Uint8Array } | null, fields: [string, string][] = []) {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    if (file) form.append(file.field, new Blob([file.bytes as BlobPart]), file.filename);
    return this.request("POST", endpoint, query, form);
  }

  // The plugin's calls, one per nbgrader command.
  list(course: string) {
    return this.get("assignments", { course_id: course });
  }
  release(course: string, assignment: string, tarball: Uint8Array, notebooks: string[]) {
    return this.postFile(
      "assignment",
      { course_id: course, assignment_id: assignment },
      { field: "assignment", filename: "assignment.tar.gz", bytes: tarball },
      notebooks.map((n) => ["notebooks", n]),
    );
  }
  fetchAssignment(course: string, assignment: string) {
    return this.get("assignment", { course_id: course, assignment_id: assignment });
  }
  unrelease(course: string, assignment: string, purge?: string) {
    return this.request("DELETE", "assignment", { course_id: course, assignment_id: assignment, purge });
  }
  submit(course: string, assignment: string, timestamp: string, tarball: Uint8Array) {
    return this.postFile("submission", { course_id: course, assignment_id: assignment, timestamp }, { field: "assignment", filename: "assignment.tar.gz", bytes: tarball });
  }
  collections(course: string, assignment: string, userId?: string) {
    return this.get("collections", { course_id: course, assignment_id: assignment, user_id: userId });
  }
  collect(course: string, assignment: string, path: string) {
    return this.get("collection", { course_id: course, assignment_id: assignment, path });
  }
  releaseFeedback(q: { course: string; assignment: string; notebook: string; student: string; timestamp: string; checksum: string }, html: Uint8Array) {
    return this.postFile(
      "feedback",
      { course_id: q.course, assignment_id: q.assignment, notebook: q.notebook, student: q.student, timestamp: q.timestamp, checksum: q.checksum },
      { field: "feedback", filename: "feedback.html", bytes: html },
    );
  }
  fetchFeedback(course: string, assignment: string) {
    return this.get("feedback", { course_id: course, assignment_id: assignment });
  }
}
