/**
 * A `fetch` for WeChat mini-programs, built on `wx.request` (mini-programs have no `fetch`).
 *
 * ```ts
 * import { createWusheClient } from "@wushe/client";
 * import { createWxFetch } from "@wushe/client/wx";
 * const client = createWusheClient({ baseUrl: "https://wushe.example.gov.cn", fetch: createWxFetch(wx) });
 * ```
 *
 * How it maps `fetch` onto `wx.request`:
 * - method, headers (as the `header` object) and body (`data`: a string, or an ArrayBuffer for bytes)
 *   go as they are. wx.request has no `PATCH` (its methods are OPTIONS, GET, HEAD, POST, PUT, DELETE,
 *   TRACE, CONNECT): a PATCH is refused here with a `TypeError` before anything is sent, rather than
 *   left to fail inside wx.
 * - `dataType` is set to `"text"`, not the default `"json"`: with `"json"` wx.request runs
 *   `JSON.parse` on every answer itself, so `response.text()` would no longer give the bytes the
 *   server sent, a problem+json body would arrive as an object while others arrive as strings, and a
 *   malformed body would be silently handed over as a string. With `"text"` the body stays text and
 *   `response.json()` parses it, as fetch does.
 * - `responseType` is `"text"` by default; give `responseType: "arraybuffer"` for binary answers
 *   (an XLSX export).
 * - success `{statusCode, header, data}` becomes a `Response`; the `fail` callback (`{errMsg}`: no
 *   network, DNS, TLS, `request:fail timeout`, `request:fail abort`) becomes the `TypeError` fetch
 *   throws on a network error, with the wx error as its `cause`. An aborted signal rejects with the
 *   signal's reason, as fetch does.
 * - Timeouts: `timeoutMs` is passed to `wx.request` as `timeout`, and enforced here too (the task is
 *   aborted), so a base library that ignores it cannot hang a call.
 *
 * It needs `Headers` and `Response`. Mini-program base libraries do not all provide them (and
 * openapi-fetch needs `Request` too): install a polyfill before creating the client, e.g. from
 * `whatwg-fetch`'s `Headers`/`Request`/`Response` classes.
 */

/** What `wx.request`'s `success` callback receives. */
export interface WxRequestSuccess {
  statusCode: number;
  header: Record<string, string>;
  data: string | ArrayBuffer | object;
  cookies?: string[];
  errMsg?: string;
}

/** What `wx.request`'s `fail` callback receives. */
export interface WxRequestFail {
  errMsg: string;
  errno?: number;
}

/** The options of `wx.request` this adapter uses. */
export interface WxRequestOptions {
  url: string;
  method: string;
  header: Record<string, string>;
  data?: string | ArrayBuffer;
  dataType: string;
  responseType: "text" | "arraybuffer";
  timeout?: number;
  success: (result: WxRequestSuccess) => void;
  fail: (error: WxRequestFail) => void;
}

/** What `wx.request` returns. */
export interface WxRequestTask {
  abort(): void;
}

/** The part of the `wx` object the adapter needs. */
export interface WxLike {
  request(options: WxRequestOptions): WxRequestTask;
}

export interface WxFetchOptions {
  /** Time limit of a request (default 30 000 ms; wx's own default is 60 000). */
  timeoutMs?: number;
  /** `"arraybuffer"` for binary answers; default `"text"`. */
  responseType?: "text" | "arraybuffer";
}

const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** The methods wx.request accepts. */
export const WX_METHODS: ReadonlySet<string> = new Set(["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT"]);

/** A `fetch`-compatible function that sends requests with `wx.request`. */
export function createWxFetch(
  wx: WxLike,
  options: WxFetchOptions = {},
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const responseType = options.responseType ?? "text";
  return async function wxFetch(input, init = {}) {
    const isRequest = typeof input === "object" && input !== null && "url" in input && "method" in input;
    const url = isRequest ? (input as Request).url : String(input);
    const method = (init.method ?? (isRequest ? (input as Request).method : "GET")).toUpperCase();
    if (!WX_METHODS.has(method)) {
      throw new TypeError(`wx.request cannot send ${method} (it knows ${[...WX_METHODS].join(", ")})`);
    }
    const header: Record<string, string> = {};
    new Headers(isRequest ? (input as Request).headers : undefined).forEach((value, name) => {
      header[name] = value;
    });
    new Headers(init.headers).forEach((value, name) => {
      header[name] = value;
    });
    let data = await toData(init.body);
    if (data === undefined && isRequest && init.body === undefined && method !== "GET" && method !== "HEAD") {
      const bytes = await (input as Request).arrayBuffer();
      if (bytes.byteLength > 0) data = bytes;
    }
    const signal = init.signal ?? (isRequest ? (input as Request).signal : undefined);
    if (signal?.aborted) throw signal.reason;

    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        return true;
      };
      const request: WxRequestOptions = {
        url,
        method,
        header,
        dataType: "text",
        responseType,
        success(result) {
          if (!finish()) return;
          try {
            resolve(toResponse(result, url));
          } catch (error) {
            reject(error);
          }
        },
        fail(error) {
          if (!finish()) return;
          reject(new TypeError(`wx.request failed: ${error?.errMsg ?? "unknown error"}`, { cause: error }));
        },
      };
      if (data !== undefined) request.data = data;
      if (timeoutMs > 0) request.timeout = timeoutMs;
      const task = wx.request(request);
      function onAbort(): void {
        if (!finish()) return;
        task?.abort();
        reject(signal?.reason ?? new Error("aborted"));
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      if (timeoutMs > 0) {
        // A little after wx's own timeout, so that its fail callback normally comes first.
        timer = setTimeout(() => {
          if (!finish()) return;
          task?.abort();
          reject(new TypeError(`wx.request failed: request:fail timeout after ${timeoutMs} ms`));
        }, timeoutMs + 1000);
      }
    });
  };
}

async function toData(body: RequestInit["body"] | undefined): Promise<string | ArrayBuffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof ArrayBuffer) return body;
  if (ArrayBuffer.isView(body)) {
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  }
  if (typeof URLSearchParams !== "undefined" && body instanceof URLSearchParams) return body.toString();
  if (typeof Blob !== "undefined" && body instanceof Blob) return body.arrayBuffer();
  throw new TypeError("wx.request adapter: send a string, ArrayBuffer or typed array body (no FormData, no streams)");
}

function toResponse(result: WxRequestSuccess, url: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.header ?? {})) {
    // wx gives repeated headers (Set-Cookie) joined or as arrays depending on the base library.
    if (Array.isArray(value)) for (const v of value) headers.append(name, String(v));
    else if (value !== undefined && value !== null) headers.append(name, String(value));
  }
  let body: string | ArrayBuffer | null;
  if (typeof result.data === "string" || result.data instanceof ArrayBuffer) body = result.data;
  else if (result.data === undefined || result.data === null) body = null;
  else body = JSON.stringify(result.data); // a base library that parsed JSON despite dataType
  if (NO_BODY_STATUSES.has(result.statusCode)) body = null;
  const response = new Response(body, { status: result.statusCode, headers });
  Object.defineProperty(response, "url", { value: url });
  return response;
}
