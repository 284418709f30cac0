// The whole client over the wx.request adapter (on the stand-in wx) against the running system:
// what a mini-program does.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createWxFetch, WusheProblem } from "../../src/index.js";
import { createStandInWx } from "../standin-wx.js";
import { adminPassword, expired, newClient } from "./support.js";

test("a mini-program logs in, pages, gets typed problems and refreshes once, over wx.request", async () => {
  const wx = createStandInWx();
  const client = newClient({ fetch: createWxFetch(wx, { timeoutMs: 20_000 }) });
  await client.login("admin", adminPassword);
  const { data: me } = await client.GET("/v1/auth/me");
  assert.equal(me.role, "operator");

  const codes: string[] = [];
  for await (const region of client.paginate("/v1/regions", { query: { parent_code: "520000", limit: 4 } })) {
    codes.push(region.code);
  }
  assert.ok(codes.length > 8 && codes.includes("522300"), codes.join(","));

  const problem = await client.GET("/v1/regions/{code}", { params: { path: { code: "529999" } } }).then(
    () => assert.fail("found a region that does not exist"),
    (e: unknown) => e,
  );
  assert.ok(problem instanceof WusheProblem);
  assert.equal(problem.code, "not_found");
  assert.ok(problem.requestId);

  const tokens = client.tokens!;
  client.setTokens({ ...tokens, accessToken: expired(tokens.accessToken) });
  wx.requests.length = 0;
  await Promise.all([client.GET("/v1/auth/me"), client.GET("/v1/auth/me"), client.GET("/v1/auth/me")]);
  assert.equal(wx.requests.filter((r) => r.url.endsWith("/v1/auth/refresh")).length, 1);
  for (const r of wx.requests) assert.notEqual(r.dataType ?? "json", "json");
});
