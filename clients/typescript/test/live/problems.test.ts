// Answers outside 2xx are thrown as WusheProblem with the problem's members, never a bare Response.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { isProblem, WusheProblem } from "../../src/index.js";
import { adminClient, newClient, recordingFetch } from "./support.js";

async function caught(promise: Promise<unknown>): Promise<WusheProblem> {
  const error = await promise.then(
    () => assert.fail("the call succeeded"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof WusheProblem, `not a WusheProblem: ${String(error)}`);
  return error;
}

describe("problems", () => {
  test("a 404 carries status, code, title, detail and the request id", async () => {
    const { fetch } = recordingFetch();
    let requestId: string | null = null;
    const client = await adminClient({
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        requestId = response.headers.get("x-request-id");
        return response;
      },
    });
    const problem = await caught(client.GET("/v1/regions/{code}", { params: { path: { code: "529999" } } }));
    assert.equal(problem.status, 404);
    assert.equal(problem.code, "not_found");
    assert.equal(problem.title, "资源不存在");
    assert.match(problem.detail ?? "", /529999/);
    assert.equal(problem.type, "urn:wushe:problem:not_found");
    assert.ok(requestId, "the gateway sends X-Request-ID");
    assert.equal(problem.requestId, requestId);
    assert.deepEqual(problem.errors, []);
    assert.match(problem.message, /^404 not_found: 资源不存在/);
    assert.ok(isProblem(problem, "not_found"));
    assert.ok(!isProblem(problem as unknown, "uscc_taken"));
  });

  test("a validation problem lists the fields, titles follow the language", async () => {
    const client = await adminClient({ language: "en" });
    const problem = await caught(
      client.POST("/v1/communities", {
        // A wrong kind and a missing region: the server, not the type checker, is under test here.
        body: { name: "", kind: "hamlet", tags: [] } as never,
      }),
    );
    assert.equal(problem.status, 422);
    assert.equal(problem.code, "validation_failed");
    assert.match(problem.title, /[A-Za-z]/);
    assert.ok(problem.errors.length >= 2, JSON.stringify(problem.body));
    const fields = problem.errors.map((e) => e.field).join(" ");
    assert.match(fields, /kind/);
    assert.match(fields, /region_code/);
    for (const error of problem.errors) assert.ok(error.message);
  });

  test("no credentials is 401 unauthenticated", async () => {
    const anonymous = newClient();
    const problem = await caught(anonymous.GET("/v1/regions"));
    assert.equal(problem.status, 401);
    assert.equal(problem.code, "unauthenticated");
    assert.equal(problem.retryAfter, undefined);
  });

  test("the raw openapi-fetch client is there for callers who want the error object", async () => {
    const client = await adminClient();
    const { data, error, response } = await client.raw.GET("/v1/regions/{code}", { params: { path: { code: "529999" } } });
    assert.equal(data, undefined);
    assert.equal(response.status, 404);
    assert.equal((error as { code?: string }).code, "not_found");
  });
});
