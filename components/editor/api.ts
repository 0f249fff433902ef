// JSON calls from the editor to Lantern's student-work endpoints. Cookies always go along (credentials: include);
// when the page hands the editor a launch-bound token (browsers that block third-party cookies in the LMS iframe)
// it goes in `Authorization: Bearer`.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  /** No answer at all (offline, DNS, connection reset): worth retrying later. */
  get offline(): boolean {
    return this.status === 0;
  }
}

export async function workFetch<T>(
  path: string,
  { method = "GET", body, token, keepalive }: { method?: string; body?: unknown; token?: string; keepalive?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "include",
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive,
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "You appear to be offline.");
  }
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, json?.error?.message ?? `Request failed (${res.status}).`);
  return json as T;
}
