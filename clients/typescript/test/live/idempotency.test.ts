// Idempotency-Key: generated for the operations that declare it, reused when the same call is
// retried, so that a retry after a lost answer replays instead of creating twice.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { IDEMPOTENT_OPERATIONS, WusheProblem } from "../../src/index.js";
import { adminClient, callsTo, recordingFetch, unique } from "./support.js";

describe("Idempotency-Key", () => {
  test("the operations that take one are read from the document", () => {
    for (const operation of ["POST /v1/transfers", "POST /v1/donations", "POST /v1/communities"]) {
      assert.ok(IDEMPOTENT_OPERATIONS.has(operation), operation);
    }
    assert.ok(!IDEMPOTENT_OPERATIONS.has("POST /v1/auth/token"));
    assert.ok(!IDEMPOTENT_OPERATIONS.has("GET /v1/communities"));
  });

  test("a POST whose answer was lost is retried with the same key and replays", async () => {
    const { fetch, calls } = recordingFetch({
      loseAnswer: (call) => call.method === "POST" && call.url.pathname === "/v1/communities" && !lost++,
    });
    let lost = 0;
    const client = await adminClient({ fetch });
    const name = `幂等测试社区-${unique()}`;

    const { data: community, response } = await client.POST("/v1/communities", {
      body: { name, kind: "community", region_code: "330212", tags: [] },
    });

    assert.equal(response.status, 201);
    const posts = callsTo(calls, "POST", "/v1/communities");
    assert.equal(posts.length, 2, "sent, answer lost, sent again");
    const key = posts[0]!.headers.get("idempotency-key");
    assert.match(key ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(posts[1]!.headers.get("idempotency-key"), key);
    assert.equal(posts[1]!.body, posts[0]!.body);
    // One community, the one the first attempt created.
    const same: string[] = [];
    for await (const c of client.paginate("/v1/communities", { query: { region_code: "330212", limit: 200 } })) {
      if (c.name === name) same.push(c.id);
    }
    assert.deepEqual(same, [community.id]);
  });

  test("each call gets its own key, and a key given by the caller is kept", async () => {
    const { fetch, calls } = recordingFetch();
    const client = await adminClient({ fetch });
    const body = { name: `两次创建-${unique()}`, kind: "community" as const, region_code: "330212", tags: [] };
    const first = await client.POST("/v1/communities", { body });
    const second = await client.POST("/v1/communities", { body });
    assert.notEqual(first.data.id, second.data.id, "two calls are two communities");
    const keys = callsTo(calls, "POST", "/v1/communities").map((c) => c.headers.get("idempotency-key"));
    assert.equal(new Set(keys).size, 2);

    const mine = `my-key-${unique()}`;
    const a = await client.POST("/v1/communities", { body, headers: { "Idempotency-Key": mine } });
    const b = await client.POST("/v1/communities", { body, params: { header: { "Idempotency-Key": mine } } });
    assert.equal(b.data.id, a.data.id, "the same key and body replay the first answer");
    const other = await client
      .POST("/v1/communities", { body: { ...body, name: `${body.name}-2` }, headers: { "Idempotency-Key": mine } })
      .then(
        () => assert.fail("a different body with the same key was accepted"),
        (e: unknown) => e,
      );
    assert.ok(other instanceof WusheProblem);
    assert.equal(other.status, 422);
    assert.equal(other.code, "idempotency_mismatch");
  });

  test("a POST without a key is never sent twice", async () => {
    const { fetch, calls } = recordingFetch({
      loseAnswer: (call) => call.method === "POST" && call.url.pathname === "/v1/api-keys",
    });
    const client = await adminClient({ fetch });
    await assert.rejects(
      client.POST("/v1/api-keys", {
        body: { name: `lost-${unique()}`, scopes: ["registry:read"], rate_limit_per_minute: 60 },
      }),
      TypeError,
    );
    const posts = callsTo(calls, "POST", "/v1/api-keys");
    assert.equal(posts.length, 1);
    assert.equal(posts[0]!.headers.get("idempotency-key"), null);
  });
});
