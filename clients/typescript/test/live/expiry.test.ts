// A token that really expires: `ci` starts the system with WUSHE_ACCESS_TOKEN_TTL_SECONDS=60 (the
// shortest the gateway allows), and this test waits the lifetime out (plus the verifier's 5 s leeway).
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { adminClient, callsTo, recordingFetch } from "./support.js";

test("an access token past its lifetime is refreshed on its 401", { timeout: 180_000 }, async () => {
  const { fetch, calls } = recordingFetch();
  const client = await adminClient({ fetch });
  const ttl = client.tokens!.expiresAt - Date.now();
  assert.ok(ttl <= 61_000, `start the system with WUSHE_ACCESS_TOKEN_TTL_SECONDS=60 (lifetime now ${ttl} ms)`);
  await client.GET("/v1/auth/me");
  assert.equal(callsTo(calls, "POST", "/v1/auth/refresh").length, 0);

  await sleep(ttl + 7_000);
  const { data: me } = await client.GET("/v1/auth/me");

  assert.equal(me.role, "operator");
  const gets = callsTo(calls, "GET", "/v1/auth/me");
  assert.equal(gets.length, 3, "one call before, and the expired one sent twice");
  assert.equal(callsTo(calls, "POST", "/v1/auth/refresh").length, 1);
});
