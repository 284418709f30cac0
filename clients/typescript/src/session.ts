/**
 * The caller's credentials — a person's tokens or a partner system's API key — and the one place
 * that refreshes tokens.
 *
 * Refresh tokens rotate: each is good for one refresh, and presenting one twice makes the gateway
 * revoke the whole login (`refresh_token_reused`). So refreshing must happen once however many
 * requests see the expired access token at the same moment: the first 401 starts the refresh, every
 * other one waits for that same promise (single flight), and a 401 for a token that has already been
 * replaced just retries with the new one.
 */
import { WusheProblem, WusheSessionExpired } from "./problem.js";

/** A person's login, as the client keeps it. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (epoch milliseconds, by the local clock). */
  expiresAt: number;
}

/** What one request was sent with, so that its 401 can be judged against the current state. */
export type Applied =
  | { kind: "none" }
  | { kind: "explicit" }
  | { kind: "bearer"; accessToken: string }
  | { kind: "api-key" };

/** POSTs `{refresh_token}` to `/v1/auth/refresh` and returns the raw answer. */
export type RefreshCall = (refreshToken: string) => Promise<Response>;

/** The body of `POST /v1/auth/token` and `/v1/auth/refresh`. */
export interface TokenResponseBody {
  access_token: string;
  refresh_token: string;
  token_type?: string;
  expires_in: number;
}

/** Answers to a refresh that mean the refresh token itself is refused (not a passing failure). */
const REFUSED = new Set([400, 401, 403, 404, 422]);

export class Session {
  #tokens: TokenSet | null = null;
  #apiKey: string | null = null;
  #refreshing: Promise<void> | null = null;
  #expired: WusheSessionExpired | null = null;
  readonly #refreshCall: RefreshCall;
  readonly #onTokens: ((tokens: TokenSet | null) => void) | undefined;
  readonly #onExpired: ((error: WusheSessionExpired) => void) | undefined;
  /** How many refreshes were sent (for tests and metrics). */
  refreshCount = 0;

  constructor(options: {
    refresh: RefreshCall;
    tokens?: TokenSet | null;
    apiKey?: string | null;
    onTokens?: (tokens: TokenSet | null) => void;
    onSessionExpired?: (error: WusheSessionExpired) => void;
  }) {
    this.#refreshCall = options.refresh;
    this.#onTokens = options.onTokens;
    this.#onExpired = options.onSessionExpired;
    if (options.tokens && options.apiKey) throw new TypeError("give tokens or an API key, not both");
    this.#tokens = options.tokens ?? null;
    this.#apiKey = options.apiKey ?? null;
  }

  get tokens(): TokenSet | null {
    return this.#tokens;
  }

  get apiKey(): string | null {
    return this.#apiKey;
  }

  /** Use a person's tokens from now on (replaces an API key). `null` forgets them. */
  setTokens(tokens: TokenSet | null): void {
    this.#tokens = tokens;
    if (tokens) {
      this.#apiKey = null;
      this.#expired = null;
    }
    this.#onTokens?.(tokens);
  }

  /** Use a partner system's API key from now on (replaces tokens). `null` forgets it. */
  setApiKey(key: string | null): void {
    if (key !== null && !key) throw new TypeError("empty API key");
    if (key && this.#tokens) this.setTokens(null);
    this.#apiKey = key;
  }

  /** Tokens from a token endpoint's answer. */
  static tokensFrom(body: TokenResponseBody, now = Date.now()): TokenSet {
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: now + body.expires_in * 1000,
    };
  }

  /** Put the credentials on `headers`, unless the caller set their own; say what was used. */
  authorize(headers: Headers): Applied {
    if (headers.has("authorization") || headers.has("x-api-key")) return { kind: "explicit" };
    if (this.#tokens) {
      headers.set("authorization", `Bearer ${this.#tokens.accessToken}`);
      return { kind: "bearer", accessToken: this.#tokens.accessToken };
    }
    if (this.#apiKey) {
      headers.set("x-api-key", this.#apiKey);
      return { kind: "api-key" };
    }
    return { kind: "none" };
  }

  /**
   * A request sent with `usedAccessToken` was answered 401: make sure the tokens are fresher than
   * that one. Resolves when the request should be retried; throws {@link WusheSessionExpired} when
   * the login is over (the tokens are then dropped), or the refresh's own error when it failed for a
   * passing reason (network, 5xx: the tokens are kept and a later call may refresh).
   */
  async refreshAfter(usedAccessToken: string): Promise<void> {
    if (!this.#tokens) {
      // Another request's refresh failed meanwhile, or the tokens were dropped on purpose.
      if (this.#expired) throw this.#expired;
      throw new WusheSessionExpired(
        new WusheProblem(401, { code: "unauthenticated", title: "Not logged in", status: 401 }),
      );
    }
    if (this.#tokens.accessToken !== usedAccessToken && !this.#refreshing) return; // already replaced
    if (!this.#refreshing) {
      const refreshing = this.#refresh(this.#tokens);
      this.#refreshing = refreshing;
      refreshing.then(
        () => this.#settle(refreshing),
        () => this.#settle(refreshing),
      );
    }
    await this.#refreshing;
  }

  /** Refresh now (e.g. before a long upload), joining a refresh already under way. */
  async refresh(): Promise<void> {
    if (!this.#tokens) return this.refreshAfter("");
    return this.refreshAfter(this.#tokens.accessToken);
  }

  #settle(refreshing: Promise<void>): void {
    if (this.#refreshing === refreshing) this.#refreshing = null;
  }

  async #refresh(tokens: TokenSet): Promise<void> {
    this.refreshCount += 1;
    const response = await this.#refreshCall(tokens.refreshToken);
    if (response.ok) {
      const body = (await response.json()) as TokenResponseBody;
      // Tokens replaced meanwhile (setTokens, login) win over this older refresh's answer.
      if (this.#tokens === tokens) this.setTokens(Session.tokensFrom(body));
      return;
    }
    const problem = await WusheProblem.read(response);
    if (!REFUSED.has(problem.status)) throw problem;
    const expired = new WusheSessionExpired(problem);
    if (this.#tokens === tokens) {
      this.#expired = expired;
      this.setTokens(null);
      this.#onExpired?.(expired);
    }
    throw expired;
  }
}
