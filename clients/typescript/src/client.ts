/**
 * `createWusheClient`: openapi-fetch over the generated types, with the gateway's conventions built in.
 *
 * - Every call resolves to `{ data, response }` with `data` typed as the operation's success body, or
 *   throws: a {@link WusheProblem} for any answer outside 2xx, never a bare `Response`.
 * - Tokens: `login()` keeps them; a 401 refreshes once (shared by concurrent calls) and retries.
 * - API keys (`apiKey` option or `useApiKey()`) for partner systems, instead of tokens.
 * - `Idempotency-Key`: generated for each call of an operation that declares the header, and the
 *   same key is sent on every retry of that call.
 * - `paginate()`: cursor pagination of any list as an async iterator.
 */
import createClient, {
  type Client,
  type FetchResponse,
  type MaybeOptionalInit,
  type Middleware,
} from "openapi-fetch";
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";

import type { paths } from "./generated/openapi.js";
import { IDEMPOTENT_OPERATIONS } from "./generated/operations.js";
import { WusheProblem } from "./problem.js";
import { Session, type TokenResponseBody, type TokenSet } from "./session.js";
import { type FetchLike, createTransport } from "./transport.js";

export interface WusheClientOptions {
  /** The gateway, e.g. `https://wushe.example.gov.cn` (no trailing `/v1`). */
  baseUrl: string;
  /** `fetch` to use: defaults to `globalThis.fetch`; in a mini-program, `createWxFetch(wx)`. */
  fetch?: FetchLike;
  /** The `Request` class openapi-fetch builds requests with (defaults to `globalThis.Request`). */
  Request?: typeof Request;
  /** A partner system's API key (sent as `X-API-Key`). */
  apiKey?: string;
  /** Tokens saved from an earlier login (e.g. from the mini-program's storage). */
  tokens?: TokenSet | null;
  /** Called whenever the tokens change (login, refresh, logout, a refused refresh): persist them here. */
  onTokens?: (tokens: TokenSet | null) => void;
  /** Called once when a refresh is refused and the tokens are dropped: send the person to log in. */
  onSessionExpired?: (error: import("./problem.js").WusheSessionExpired) => void;
  /** `Accept-Language` for problem titles: `zh-CN` (the server's default) or `en`. */
  language?: "zh-CN" | "en";
  /** Retries of a request that is safe to repeat (default 2). */
  retries?: number;
  /** Longest wait before a retry, `Retry-After` included (default 10 000 ms). */
  maxRetryDelayMs?: number;
  /** Time limit of one attempt (default 30 000 ms; 0 = none). */
  timeoutMs?: number;
  /** Makes an `Idempotency-Key` (default {@link newIdempotencyKey}). */
  idempotencyKey?: () => string;
}

/** What a successful call resolves to. */
export interface WusheResult<T> {
  data: T;
  response: Response;
}

type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

type SuccessData<R> = R extends { data: infer D; error?: never } ? D : never;

type Operation<P extends keyof paths, M extends HttpMethod> =
  paths[P] extends { [K in M]: infer Op } ? (Op extends Record<string | number, any> ? Op : never) : never;

/** A typed call: the path and its init are checked against the API; errors are thrown. */
export type WusheCall<M extends HttpMethod> = <
  P extends PathsWithMethod<paths, M>,
  Init extends MaybeOptionalInit<paths[P], M>,
>(
  url: P,
  ...init: InitParam<Init>
) => Promise<WusheResult<SuccessData<FetchResponse<Operation<P, M>, Init, MediaType>>>>;

type GetPath = PathsWithMethod<paths, "get">;
type GetBody<P extends GetPath> = paths[P]["get"] extends {
  responses: { 200: { content: { "application/json": infer B } } };
}
  ? B
  : never;

/** The paths whose GET answers a page: `{ items: [...], next_cursor }`. */
export type ListPath = {
  [P in GetPath]: GetBody<P> extends { items: unknown[]; next_cursor?: string | null } ? P : never;
}[GetPath];

/** One item of a list path's pages. */
export type ListItem<P extends ListPath> = GetBody<P> extends { items: (infer I)[] } ? I : never;

type Parameters_<P extends GetPath> = paths[P]["get"] extends { parameters: infer Q } ? Q : never;
type QueryOf<P extends GetPath> = Parameters_<P> extends { query?: infer Q } ? NonNullable<Q> : never;
type PathParamsOf<P extends GetPath> = Parameters_<P> extends { path: infer Q } ? Q : never;

/** Options of {@link WusheClient.paginate}. */
export type PaginateOptions<P extends ListPath> = {
  /** Filters and `limit` (the page size); `cursor` is managed by the iterator. */
  query?: Omit<QueryOf<P>, "cursor">;
  /** Start after this cursor (e.g. one saved from an earlier run). */
  cursor?: string;
  signal?: AbortSignal;
} & ([PathParamsOf<P>] extends [never] ? { path?: never } : { path: PathParamsOf<P> });

export class WusheClient {
  /** The underlying openapi-fetch client (answers are not turned into thrown problems there). */
  readonly raw: Client<paths, MediaType>;
  readonly session: Session;
  readonly GET: WusheCall<"get">;
  readonly POST: WusheCall<"post">;
  readonly PUT: WusheCall<"put">;
  readonly PATCH: WusheCall<"patch">;
  readonly DELETE: WusheCall<"delete">;

  constructor(options: WusheClientOptions) {
    const baseFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const baseUrl = options.baseUrl.replace(/\/+$/, "");
    const language = options.language;
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.session = new Session({
      tokens: options.tokens ?? null,
      apiKey: options.apiKey ?? null,
      onTokens: options.onTokens,
      onSessionExpired: options.onSessionExpired,
      refresh: (refreshToken) => {
        const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
        if (language) headers["accept-language"] = language;
        const init: RequestInit = {
          method: "POST",
          headers,
          body: JSON.stringify({ refresh_token: refreshToken }),
        };
        if (timeoutMs > 0 && typeof AbortSignal.timeout === "function") init.signal = AbortSignal.timeout(timeoutMs);
        return baseFetch(`${baseUrl}/v1/auth/refresh`, init);
      },
    });
    const transport = createTransport({
      fetch: baseFetch,
      session: this.session,
      retries: options.retries ?? 2,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
      timeoutMs,
      language,
    });
    const clientOptions: Parameters<typeof createClient>[0] = { baseUrl, fetch: transport };
    if (options.Request) clientOptions.Request = options.Request;
    this.raw = createClient<paths, MediaType>(clientOptions);
    this.raw.use(idempotencyMiddleware(options.idempotencyKey ?? newIdempotencyKey));

    const call = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE") =>
      (async (url: string, init?: object) => {
        const result = (await (this.raw[method] as (u: string, i?: object) => Promise<unknown>)(url, init)) as {
          data?: unknown;
          error?: unknown;
          response: Response;
        };
        if (!result.response.ok) throw WusheProblem.fromResponse(result.response, result.error);
        return { data: result.data, response: result.response };
      }) as never;
    this.GET = call("GET");
    this.POST = call("POST");
    this.PUT = call("PUT");
    this.PATCH = call("PATCH");
    this.DELETE = call("DELETE");
  }

  /** The tokens held now (null with an API key or before login). */
  get tokens(): TokenSet | null {
    return this.session.tokens;
  }

  /** Log a person in with `POST /v1/auth/token`; the client keeps the tokens and refreshes them. */
  async login(username: string, password: string): Promise<TokenSet> {
    const { data } = await this.POST("/v1/auth/token", { body: { username, password } });
    const tokens = Session.tokensFrom(data as TokenResponseBody);
    this.session.setTokens(tokens);
    return tokens;
  }

  /** Revoke the login at the gateway (`POST /v1/auth/logout`) and forget the tokens. */
  async logout(): Promise<void> {
    const tokens = this.session.tokens;
    if (!tokens) return;
    try {
      await this.POST("/v1/auth/logout", { body: { refresh_token: tokens.refreshToken } });
    } finally {
      if (this.session.tokens === tokens) this.session.setTokens(null);
    }
  }

  /** Use tokens from elsewhere (storage), or forget them with `null`. */
  setTokens(tokens: TokenSet | null): void {
    this.session.setTokens(tokens);
  }

  /** Call as a partner system with this API key (instead of tokens); `null` forgets it. */
  useApiKey(key: string | null): void {
    this.session.setApiKey(key);
  }

  /**
   * Every item of a cursor-paginated list, page after page, fetched as the loop asks for them:
   *
   * ```ts
   * for await (const org of client.paginate("/v1/organizations", { query: { region_code: "520000", limit: 100 } })) { ... }
   * ```
   */
  async *paginate<P extends ListPath>(path: P, options?: PaginateOptions<P>): AsyncGenerator<ListItem<P>, void> {
    let cursor: string | undefined = options?.cursor;
    const seen = new Set<string>();
    for (;;) {
      const query = { ...(options?.query ?? {}), ...(cursor ? { cursor } : {}) };
      const init: Record<string, unknown> = { params: { query, path: options?.path } };
      if (options?.signal) init.signal = options.signal;
      const { data } = await (this.GET as unknown as (p: string, i: object) => Promise<WusheResult<unknown>>)(
        path,
        init,
      );
      const page = data as { items: ListItem<P>[]; next_cursor?: string | null };
      for (const item of page.items) yield item;
      const next = page.next_cursor ?? null;
      if (!next) return;
      // A server bug that hands back a cursor already followed would loop forever: stop loudly.
      if (seen.has(next)) throw new Error(`paginate ${path}: the server repeated cursor ${next}`);
      seen.add(next);
      cursor = next;
    }
  }
}

/** A client for the gateway at `options.baseUrl`. */
export function createWusheClient(options: WusheClientOptions): WusheClient {
  return new WusheClient(options);
}

/**
 * A random UUID v4: `crypto.randomUUID()` where there is one, else from `crypto.getRandomValues()`,
 * else (mini-program base libraries have no `crypto`) from `Math.random()` mixed with the time. A key
 * need only be unique, not secret, so the last is acceptable; pass `idempotencyKey` to do better.
 */
export function newIdempotencyKey(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string; getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof webCrypto?.randomUUID === "function") return webCrypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof webCrypto?.getRandomValues === "function") webCrypto.getRandomValues(bytes);
  else {
    const now = Date.now();
    for (let i = 0; i < 16; i++) bytes[i] = (Math.random() * 256) ^ ((now / 2 ** (i * 3)) & 0xff);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Adds an `Idempotency-Key` to calls of operations that declare one, unless the caller gave one. */
function idempotencyMiddleware(newKey: () => string): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      if (!IDEMPOTENT_OPERATIONS.has(`${request.method.toUpperCase()} ${schemaPath}`)) return undefined;
      if (request.headers.has("idempotency-key")) return undefined;
      request.headers.set("idempotency-key", newKey());
      return undefined;
    },
  };
}
