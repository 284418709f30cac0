// Logging in, refreshing an expired access token once however many calls see it expire, and a
// refused refresh ending the session, against the running system.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { WusheProblem, WusheSessionExpired, type TokenSet } from "../../src/index.js";
import { adminClient, adminPassword, callsTo, expired, newClient, recordingFetch } from "./support.js";

describe("login", () => {
  test("keeps the tokens and calls with them", async () => {
    const seen: (TokenSet | null)[] = [];
    const client = newClient({ onTokens: (t) => seen.push(t) });
    const tokens = await client.login("admin", adminPassword);
    assert.ok(tokens.accessToken && tokens.refreshToken);
    assert.ok(tokens.expiresAt > Date.now());
    assert.deepEqual(seen, [tokens]);
    const { data: me } = await client.GET("/v1/auth/me");
    assert.equal(me.role, "operator");
    assert.equal(me.kind, "user");
  });

  test("a wrong password is a typed problem, and no refresh is tried", async () => {
    const { fetch, calls } = recordingFetch();
    const client = newClient({ fetch, language: "en" });
    const error = await client.login("admin", "not-the-password").then(
      () => assert.fail("logged in with a wrong password"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WusheProblem);
    assert.equal(error.status, 401);
    assert.equal(error.code, "invalid_credentials");
    assert.equal(error.title, "Invalid username or password");
    assert.equal(client.tokens, null);
    assert.equal(callsTo(calls, "POST", "/v1/auth/refresh").length, 0);
  });

  test("logout revokes the login at the gateway", async () => {
    const client = await adminClient();
    const { refreshToken } = client.tokens!;
    await client.logout();
    assert.equal(client.tokens, null);
    const other = newClient();
    other.setTokens({ accessToken: "x", refreshToken, expiresAt: 0 });
    await assert.rejects(other.session.refresh(), WusheSessionExpired);
  });
});

describe("refresh", () => {
  test("an expired access token is refreshed and the call retried", async () => {
    const { fetch, calls } = recordingFetch();
    const client = await adminClient({ fetch });
    const before = client.tokens!;
    client.setTokens({ ...before, accessToken: expired(before.accessToken) });
    calls.length = 0;

    const { data: me } = await client.GET("/v1/auth/me");

    assert.equal(me.role, "operator");
    const gets = callsTo(calls, "GET", "/v1/auth/me");
    assert.equal(gets.length, 2, "the call is sent, refused with 401, and sent again");
    assert.equal(callsTo(calls, "POST", "/v1/auth/refresh").length, 1);
    const after = client.tokens!;
    assert.notEqual(after.refreshToken, before.refreshToken, "refresh tokens rotate");
    assert.equal(gets[1]!.headers.get("authorization"), `Bearer ${after.accessToken}`);
  });

  test("eight concurrent calls that all see the expired token refresh once", async () => {
    const { fetch, calls } = recordingFetch();
    const client = await adminClient({ fetch });
    const tokens = client.tokens!;
    client.setTokens({ ...tokens, accessToken: expired(tokens.accessToken) });
    calls.length = 0;

    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0
          ? client.GET("/v1/auth/me")
          : client.GET("/v1/regions", { params: { query: { parent_code: "520000", limit: 2 } } }),
      ),
    );

    assert.equal(answers.length, 8);
    assert.equal(callsTo(calls, "POST", "/v1/auth/refresh").length, 1);
    assert.equal(client.session.refreshCount, 1);
    // Two refreshes with the same refresh token would have revoked the whole login
    // (refresh_token_reused); the login is alive: it refreshes again, normally.
    client.setTokens({ ...client.tokens!, accessToken: expired(client.tokens!.accessToken) });
    await client.GET("/v1/auth/me");
    assert.equal(callsTo(calls, "POST", "/v1/auth/refresh").length, 2);
  });

  test("a refused refresh is WusheSessionExpired for every waiting call, and the tokens are dropped", async () => {
    const { fetch, calls } = recordingFetch();
    const expiredErrors: WusheSessionExpired[] = [];
    const changes: (TokenSet | null)[] = [];
    const client = await adminClient({
      fetch,
      onSessionExpired: (e) => expiredErrors.push(e),
      onTokens: (t) => changes.push(t),
    });
    const tokens = client.tokens!;
    client.setTokens({ accessToken: expired(tokens.accessToken), refreshToken: "not-a-refresh-token", expiresAt: 0 });
    calls.length = 0;
    changes.length = 0;

    const results = await Promise.allSettled([client.GET("/v1/auth/me"), client.GET("/v1/auth/me"), client.GET("/v1/auth/me")]);

    for (const result of results) {
      assert.equal(result.status, "rejected");
      const reason = (result as PromiseRejectedResult).reason as unknown;
      assert.ok(reason instanceof WusheSessionExpired, String(reason));
      assert.ok(reason instanceof WusheProblem);
      assert.equal(reason.status, 401);
      assert.equal(reason.code, "token_invalid");
    }
    assert.equal(callsTo(calls, "POST", "/v1/auth/refresh").length, 1);
    assert.equal(client.tokens, null);
    assert.deepEqual(changes, [null]);
    assert.equal(expiredErrors.length, 1);
    // Without tokens, a call goes out anonymous and is refused as such (no refresh to try).
    await assert.rejects(client.GET("/v1/auth/me"), (e: unknown) => e instanceof WusheProblem && e.code === "unauthenticated");
  });

  test("a reused refresh token ends the login (the gateway revokes the family)", async () => {
    const client = await adminClient();
    const stolen = client.tokens!.refreshToken;
    await client.session.refresh(); // rotates: `stolen` is now used
    const thief = newClient();
    thief.setTokens({ accessToken: expired(client.tokens!.accessToken), refreshToken: stolen, expiresAt: 0 });
    const error = await thief.GET("/v1/auth/me").then(
      () => assert.fail("a reused refresh token was accepted"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WusheSessionExpired);
    assert.equal(error.code, "refresh_token_reused");
    assert.equal(thief.tokens, null);
    // ... and the rightful holder's login is revoked too, which the client reports the same way.
    client.setTokens({ ...client.tokens!, accessToken: expired(client.tokens!.accessToken) });
    await assert.rejects(client.GET("/v1/auth/me"), WusheSessionExpired);
    assert.equal(client.tokens, null);
  });
});
