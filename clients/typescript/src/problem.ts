/**
 * Errors the client throws. Every answer outside 2xx becomes a {@link WusheProblem} (the gateway and the
 * services answer `application/problem+json`, RFC 9457); a failed token refresh is a
 * {@link WusheSessionExpired}. Network failures stay what `fetch` throws (a `TypeError`, or the abort
 * signal's reason), so callers can tell "the server said no" from "no answer".
 */

/** One field of a validation problem (`422 validation_failed`). */
export interface ProblemFieldError {
  field: string;
  message: string;
}

/** The members of a problem document the gateway and the services send. */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  instance?: string;
  errors?: ProblemFieldError[];
  [member: string]: unknown;
}

/** An answer outside 2xx, as the server described it. */
export class WusheProblem extends Error {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The stable machine code (`uscc_taken`, `insufficient_funds`, ...); `http_<status>` when the body had none. */
  readonly code: string;
  /** Human title, in the language asked for with `Accept-Language` (zh-CN by default). */
  readonly title: string;
  readonly detail: string | undefined;
  /** The problem type URI (`urn:wushe:problem:<code>`). */
  readonly type: string | undefined;
  readonly instance: string | undefined;
  /** Per-field messages of a validation problem; empty otherwise. */
  readonly errors: ProblemFieldError[];
  /** `X-Request-ID` of the answer: quote it when reporting a problem, every service logs it. */
  readonly requestId: string | undefined;
  /** `Retry-After` in seconds, when the server sent one (429, 503). */
  readonly retryAfter: number | undefined;
  /** The whole problem document, with any extra members (e.g. `purged_through`). */
  readonly body: ProblemBody;

  constructor(status: number, body: ProblemBody, headers?: Headers) {
    const code = typeof body.code === "string" && body.code ? body.code : `http_${status}`;
    const title = typeof body.title === "string" && body.title ? body.title : `HTTP ${status}`;
    const detail = typeof body.detail === "string" ? body.detail : undefined;
    super(detail && detail !== title ? `${status} ${code}: ${title} — ${detail}` : `${status} ${code}: ${title}`);
    this.name = "WusheProblem";
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.type = typeof body.type === "string" ? body.type : undefined;
    this.instance = typeof body.instance === "string" ? body.instance : undefined;
    this.errors = Array.isArray(body.errors)
      ? body.errors.map((e) => ({ field: String(e?.field ?? ""), message: String(e?.message ?? "") }))
      : [];
    this.requestId = headers?.get("x-request-id") ?? undefined;
    this.retryAfter = parseRetryAfter(headers?.get("retry-after") ?? null);
    this.body = body;
  }

  /**
   * The problem an answer carries. `body` is the already-read body (a parsed object or the raw
   * text); a body that is not a problem document still gives a problem with `code` `http_<status>`.
   */
  static fromResponse(response: Response, body: unknown): WusheProblem {
    let parsed: unknown = body;
    if (typeof body === "string") {
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = body ? { detail: body } : {};
      }
    }
    const problem: ProblemBody =
      parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as ProblemBody) : {};
    return new WusheProblem(response.status, problem, response.headers);
  }

  /** Read a not-ok response's body and make it a problem. */
  static async read(response: Response): Promise<WusheProblem> {
    let text = "";
    try {
      text = await response.text();
    } catch {
      // The body could not be read (connection dropped mid-body): the status still tells.
    }
    return WusheProblem.fromResponse(response, text);
  }
}

/**
 * The login is over: the refresh token was refused (expired, revoked, or reused — the gateway then
 * revokes the whole login), so the client dropped its tokens. Ask the person to log in again.
 */
export class WusheSessionExpired extends WusheProblem {
  constructor(problem: WusheProblem) {
    super(problem.status, problem.body, undefined);
    this.name = "WusheSessionExpired";
    Object.defineProperty(this, "requestId", { value: problem.requestId });
    this.cause = problem;
  }
}

/** True when `error` is a {@link WusheProblem}, optionally with one of the given codes. */
export function isProblem(error: unknown, ...codes: string[]): error is WusheProblem {
  return error instanceof WusheProblem && (codes.length === 0 || codes.includes(error.code));
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const when = Date.parse(value);
  return Number.isNaN(when) ? undefined : Math.max(0, (when - Date.now()) / 1000);
}
