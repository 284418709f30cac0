// A partner system calls with an API key (X-API-Key) instead of a person's tokens.
import assert from "node:assert/strict";
import { test } from "node:test";

import { WusheProblem, WusheSessionExpired } from "../../src/index.js";
import { adminClient, callsTo, newClient, recordingFetch, unique } from "./support.js";

test("an API key reads what its scopes allow, is refused the rest, and stops when revoked", async () => {
  const admin = await adminClient();
  const { data: created, response } = await admin.POST("/v1/api-keys", {
    body: { name: `partner-${unique()}`, scopes: ["registry:read"], rate_limit_per_minute: 600 },
  });
  assert.equal(response.status, 201);

  const { fetch, calls } = recordingFetch();
  const partner = newClient({ fetch, apiKey: created.key });
  const { data: me } = await partner.GET("/v1/auth/me");
  assert.equal(me.kind, "api_key");
  const regions = [];
  for await (const region of partner.paginate("/v1/regions", { query: { parent_code: "520000", limit: 5 } })) {
    regions.push(region);
  }
  assert.ok(regions.length > 5);
  for (const call of calls) {
    assert.equal(call.headers.get("x-api-key"), created.key);
    assert.equal(call.headers.get("authorization"), null);
  }

  const forbidden = await partner
    .POST("/v1/communities", { body: { name: "无权创建", kind: "community", region_code: "330212", tags: [] } })
    .then(
      () => assert.fail("a read-only key created a community"),
      (e: unknown) => e,
    );
  assert.ok(forbidden instanceof WusheProblem);
  assert.equal(forbidden.status, 403);

  await admin.DELETE("/v1/api-keys/{key_id}", { params: { path: { key_id: created.id } } });
  const revoked = await partner.GET("/v1/auth/me").then(
    () => assert.fail("a revoked key still works"),
    (e: unknown) => e,
  );
  assert.ok(revoked instanceof WusheProblem);
  assert.ok(!(revoked instanceof WusheSessionExpired), "a key has nothing to refresh");
  assert.equal(revoked.status, 401);
  assert.equal(callsTo(calls, "POST", "/v1/auth/refresh").length, 0);
  assert.equal(partner.session.apiKey, created.key, "the key is the caller's to drop, not the client's");
});
