// Retries, refresh and credentials against a scripted fetch: the cases a live system will not
// produce on demand (a 503, a slow refresh, a refresh that fails for a passing reason).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { createWusheClient, newIdempotencyKey, WusheProblem, WusheSessionExpired, type TokenSet } from "../../src/index.js";

interface Sent {
  method: string;
  path: string;
  headers: Headers;
  body: string;
}

type Script = (sent: Sent, index: number) => Response | Promise<Response>;

function scripted(script: Script): { fetch: (input: string, init: RequestInit) => Promise<Response>; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (input, init) => {
      const body = init.body instanceof ArrayBuffer ? new TextDecoder().decode(init.body) : String(init.body ?? "");
      const entry = { method: init.method ?? "GET", path: new URL(input).pathname, headers: new Headers(init.headers), body };
      sent.push(entry);
      return script(entry, sent.length - 1);
    },
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? "application/problem+json" : "application/json";
  return new Response(JSON.stringify(body), { status, headers: { "content-type": type, ...headers } });
}

const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  json(status, { type: `urn:wushe:problem:${code}`, title: code, status, code }, headers);

const tokens: TokenSet = { accessToken: "a0", refreshToken: "r0", expiresAt: 0 };
const community = { name: "c", kind: "community" as const, region_code: "330212", tags: [] };

describe("retries", () => {
  test("a GET answered 503 is retried and succeeds", async () => {
    const { fetch, sent } = scripted((_, i) => (i === 0 ? problem(503, "busy", { "retry-after": "0" }) : json(200, { sub: "u" })));
    const client = createWusheClient({ baseUrl: "http://w", fetch, tokens });
    const { data } = await client.GET("/v1/auth/me");
    assert.equal(data.sub, "u");
    assert.equal(sent.length, 2);
  });

  test("a keyed POST answered 503 is retried with the same key", async () => {
    const { fetch, sent } = scripted((_, i) => (i < 2 ? problem(503, "busy") : json(201, { id: "c1", ...community })));
    const client = createWusheClient({ baseUrl: "http://w", fetch, tokens });
    const { data } = await client.POST("/v1/communities", { body: community });
    assert.equal(data.id, "c1");
    assert.equal(sent.length, 3);
    const keys = new Set(sent.map((s) => s.headers.get("idempotency-key")));
    assert.equal(keys.size, 1);
    assert.ok([...keys][0]);
    assert.ok(sent.every((s) => s.body === sent[0]!.body));
  });

  test("a keyed POST still in progress (409 idempotency_in_progress) is retried; another 409 is not", async () => {
    const busy = scripted((_, i) => (i === 0 ? problem(409, "idempotency_in_progress") : json(201, { id: "c2", ...community })));
    await createWusheClient({ baseUrl: "http://w", fetch: busy.fetch, tokens }).POST("/v1/communities", { body: community });
    assert.equal(busy.sent.length, 2);
    const taken = scripted(() => problem(409, "uscc_taken"));
    await assert.rejects(
      createWusheClient({ baseUrl: "http://w", fetch: taken.fetch, tokens }).POST("/v1/communities", { body: community }),
      (e: unknown) => e instanceof WusheProblem && e.code === "uscc_taken",
    );
    assert.equal(taken.sent.length, 1);
  });

  test("a POST without a key answered 503 is not retried", async () => {
    const { fetch, sent } = scripted(() => problem(503, "busy"));
    const client = createWusheClient({ baseUrl: "http://w", fetch, tokens });
    await assert.rejects(
      client.POST("/v1/api-keys", { body: { name: "k", scopes: ["registry:read"], rate_limit_per_minute: 1 } }),
      (e: unknown) => e instanceof WusheProblem && e.status === 503,
    );
    assert.equal(sent.length, 1);
  });

  test("429 is retried only with a Retry-After within the limit", async () => {
    const none = scripted(() => problem(429, "rate_limited"));
    await assert.rejects(createWusheClient({ baseUrl: "http://w", fetch: none.fetch, tokens }).GET("/v1/auth/me"), WusheProblem);
    assert.equal(none.sent.length, 1);
    const far = scripted(() => problem(429, "rate_limited", { "retry-after": "60" }));
    const error = await createWusheClient({ baseUrl: "http://w", fetch: far.fetch, tokens, maxRetryDelayMs: 1000 })
      .GET("/v1/auth/me")
      .catch((e: unknown) => e);
    assert.ok(error instanceof WusheProblem);
    assert.equal(error.retryAfter, 60);
    assert.equal(far.sent.length, 1);
    const near = scripted((_, i) => (i === 0 ? problem(429, "rate_limited", { "retry-after": "0" }) : json(200, { sub: "u" })));
    await createWusheClient({ baseUrl: "http://w", fetch: near.fetch, tokens }).GET("/v1/auth/me");
    assert.equal(near.sent.length, 2);
  });

  test("a network failure of a GET is retried, up to `retries` times", async () => {
    const { fetch, sent } = scripted(() => {
      throw new TypeError("fetch failed");
    });
    await assert.rejects(createWusheClient({ baseUrl: "http://w", fetch, tokens, retries: 3 }).GET("/v1/auth/me"), TypeError);
    assert.equal(sent.length, 4);
  });
});

describe("refresh", () => {
  test("five concurrent 401s wait for one slow refresh, then retry with the new token", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { fetch, sent } = scripted(async (s) => {
      if (s.path === "/v1/auth/refresh") {
        await gate;
        return json(200, { access_token: "a1", refresh_token: "r1", token_type: "bearer", expires_in: 900 });
      }
      return s.headers.get("authorization") === "Bearer a1" ? json(200, { sub: "u" }) : problem(401, "token_invalid");
    });
    const client = createWusheClient({ baseUrl: "http://w", fetch, tokens });
    const calls = Array.from({ length: 5 }, () => client.GET("/v1/auth/me"));
    await new Promise((r) => setTimeout(r, 50));
    release();
    await Promise.all(calls);
    const refreshes = sent.filter((s) => s.path === "/v1/auth/refresh");
    assert.equal(refreshes.length, 1);
    assert.equal(JSON.parse(refreshes[0]!.body).refresh_token, "r0");
    assert.equal(refreshes[0]!.headers.get("authorization"), null);
    assert.equal(client.tokens?.accessToken, "a1");
    assert.equal(client.tokens?.refreshToken, "r1");
  });

  test("a refresh that fails for a passing reason keeps the tokens and throws that problem", async () => {
    const { fetch } = scripted((s) => (s.path === "/v1/auth/refresh" ? problem(503, "busy") : problem(401, "token_invalid")));
    let expired = 0;
    const client = createWusheClient({ baseUrl: "http://w", fetch, tokens, onSessionExpired: () => expired++ });
    const error = await client.GET("/v1/auth/me").catch((e: unknown) => e);
    assert.ok(error instanceof WusheProblem);
    assert.ok(!(error instanceof WusheSessionExpired));
    assert.equal(error.status, 503);
    assert.deepEqual(client.tokens, tokens);
    assert.equal(expired, 0);
  });

  test("a 401 after the refresh is thrown, not refreshed again", async () => {
    const { fetch, sent } = scripted((s) =>
      s.path === "/v1/auth/refresh"
        ? json(200, { access_token: "a1", refresh_token: "r1", expires_in: 900 })
        : problem(401, "identity_invalid"),
    );
    const client = createWusheClient({ baseUrl: "http://w", fetch, tokens });
    await assert.rejects(client.GET("/v1/auth/me"), (e: unknown) => e instanceof WusheProblem && e.code === "identity_invalid");
    assert.equal(sent.filter((s) => s.path === "/v1/auth/refresh").length, 1);
    assert.equal(sent.length, 3);
  });

  test("a caller's own Authorization header is sent as it is and never refreshed", async () => {
    const { fetch, sent } = scripted(() => problem(401, "token_invalid"));
    const client = createWusheClient({ baseUrl: "http://w", fetch, tokens });
    await assert.rejects(client.GET("/v1/auth/me", { headers: { Authorization: "Bearer mine" } }), WusheProblem);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.headers.get("authorization"), "Bearer mine");
  });

  test("tokens and an API key are exclusive: the last one set is used", async () => {
    const { fetch, sent } = scripted(() => json(200, { sub: "u" }));
    const client = createWusheClient({ baseUrl: "http://w", fetch, apiKey: "k1" });
    await client.GET("/v1/auth/me");
    client.setTokens(tokens);
    await client.GET("/v1/auth/me");
    client.useApiKey("k2");
    await client.GET("/v1/auth/me");
    assert.deepEqual(
      sent.map((s) => [s.headers.get("x-api-key"), s.headers.get("authorization")]),
      [["k1", null], [null, "Bearer a0"], ["k2", null]],
    );
    assert.equal(client.tokens, null);
    assert.throws(() => createWusheClient({ baseUrl: "http://w", apiKey: "k", tokens }), TypeError);
  });
});

describe("problems from odd answers", () => {
  test("a non-JSON error body still gives a problem with http_<status>", async () => {
    const { fetch } = scripted(() => new Response("Bad Gateway", { status: 502, headers: { "x-request-id": "r-502" } }));
    const error = await createWusheClient({ baseUrl: "http://w", fetch, tokens, retries: 0 }).GET("/v1/auth/me").catch((e: unknown) => e);
    assert.ok(error instanceof WusheProblem);
    assert.equal(error.status, 502);
    assert.equal(error.code, "http_502");
    assert.equal(error.detail, "Bad Gateway");
    assert.equal(error.requestId, "r-502");
  });
});

describe("newIdempotencyKey", () => {
  test("is a UUID v4 with or without crypto, and never repeats", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const keys = new Set(Array.from({ length: 1000 }, () => newIdempotencyKey()));
    assert.equal(keys.size, 1000);
    for (const key of keys) assert.match(key, uuid);
    const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;
    Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true });
    try {
      const bare = new Set(Array.from({ length: 1000 }, () => newIdempotencyKey()));
      assert.equal(bare.size, 1000);
      for (const key of bare) assert.match(key, uuid);
    } finally {
      Object.defineProperty(globalThis, "crypto", saved);
    }
  });
});
