/**
 * The `fetch` openapi-fetch calls: credentials on every request, one refresh-and-retry on a 401,
 * and retries of requests that are safe to repeat.
 *
 * A request is safe to repeat when its method is (GET, HEAD, OPTIONS, PUT, DELETE) or when it
 * carries an `Idempotency-Key`: the server then replays the first answer instead of acting twice,
 * and every retry of the call sends the same key, because the key is set once on the request before
 * it reaches this function. A POST without a key is never sent twice — except after a 401, which the
 * server answers before doing anything.
 */
import type { Applied, Session } from "./session.js";

/** What the client needs of `fetch`: Node's, a browser's, or the `wx.request` adapter. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchLike;
  session: Session;
  /** Retries of a repeatable request after a network failure or a passing 429/502/503/504/409-in-progress. */
  retries: number;
  /** Longest wait before a retry; a `Retry-After` above it is not waited for (the problem is thrown). */
  maxRetryDelayMs: number;
  /** Per attempt; 0 leaves it to `fetch`. */
  timeoutMs: number;
  language: string | undefined;
}

const REPEATABLE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const AUTH_PATHS = ["/v1/auth/token", "/v1/auth/refresh", "/v1/auth/logout"];
const PASSING_STATUSES = new Set([429, 502, 503, 504]);

export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  return async function transport(request: Request): Promise<Response> {
    const method = request.method.toUpperCase();
    const base = new Headers(request.headers);
    if (options.language && !base.has("accept-language")) base.set("accept-language", options.language);
    const body = method === "GET" || method === "HEAD" ? undefined : await request.arrayBuffer();
    const repeatable = REPEATABLE_METHODS.has(method) || base.has("idempotency-key");
    const authPath = AUTH_PATHS.includes(new URL(request.url).pathname);
    let refreshed = false;
    let failures = 0;
    for (;;) {
      const headers = new Headers(base);
      const applied: Applied = authPath ? { kind: "none" } : options.session.authorize(headers);
      let response: Response;
      try {
        response = await send(options, request, method, headers, body);
      } catch (error) {
        if (request.signal?.aborted || !repeatable || failures >= options.retries) throw error;
        await sleep(backoff(failures++));
        continue;
      }
      if (response.status === 401 && applied.kind === "bearer" && !refreshed) {
        await discard(response);
        refreshed = true;
        await options.session.refreshAfter(applied.accessToken);
        continue;
      }
      if (repeatable && failures < options.retries) {
        const delay = await retryDelay(response, failures, options.maxRetryDelayMs);
        if (delay !== null) {
          await discard(response);
          failures += 1;
          await sleep(delay);
          continue;
        }
      }
      return response;
    }
  };
}

function send(
  options: TransportOptions,
  request: Request,
  method: string,
  headers: Headers,
  body: ArrayBuffer | undefined,
): Promise<Response> {
  let signal: AbortSignal | undefined = request.signal ?? undefined;
  if (options.timeoutMs > 0 && typeof AbortSignal.timeout === "function") {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    signal = signal && typeof AbortSignal.any === "function" ? AbortSignal.any([signal, timeout]) : timeout;
  }
  const init: RequestInit = { method, headers, redirect: request.redirect };
  if (body !== undefined && body.byteLength > 0) init.body = body;
  if (signal) init.signal = signal;
  return options.fetch(request.url, init);
}

/**
 * How long to wait before retrying a repeatable request that got `response`, or null when it
 * should not be retried. A 409 is retried only when it says the same key is still in progress.
 */
async function retryDelay(response: Response, failures: number, maxMs: number): Promise<number | null> {
  let passing = PASSING_STATUSES.has(response.status);
  if (response.status === 409) {
    try {
      const problem = (await response.clone().json()) as { code?: unknown };
      passing = problem.code === "idempotency_in_progress";
    } catch {
      passing = false;
    }
  }
  if (!passing) return null;
  const header = response.headers.get("retry-after");
  if (response.status === 429 && header === null) return null;
  const seconds = header === null ? NaN : Number(header);
  const delay = Number.isFinite(seconds) ? seconds * 1000 : backoff(failures);
  return delay <= maxMs ? delay : null;
}

/** Exponential backoff with full jitter: 0-200 ms, 0-400 ms, 0-800 ms, ... */
function backoff(failures: number): number {
  return Math.random() * 200 * 2 ** Math.min(failures, 6);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to free.
  }
}
