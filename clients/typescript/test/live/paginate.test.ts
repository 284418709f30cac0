// Cursor pagination as an async iterator, across several pages.
import assert from "node:assert/strict";
import { test } from "node:test";

import { adminClient, callsTo, recordingFetch } from "./support.js";

test("paginate walks every page of Guizhou's prefectures, four at a time", async () => {
  const { fetch, calls } = recordingFetch();
  const client = await adminClient({ fetch });
  const { data: whole } = await client.GET("/v1/regions", { params: { query: { parent_code: "520000", limit: 200 } } });
  assert.equal(whole.next_cursor, null);
  assert.ok(whole.items.length > 8, `Guizhou ships with its prefectures (${whole.items.length})`);
  calls.length = 0;

  const codes: string[] = [];
  for await (const region of client.paginate("/v1/regions", { query: { parent_code: "520000", limit: 4 } })) {
    assert.equal(region.parent_code, "520000");
    codes.push(region.code);
  }

  assert.deepEqual(codes, whole.items.map((r) => r.code));
  const pages = callsTo(calls, "GET", "/v1/regions");
  assert.equal(pages.length, Math.ceil(whole.items.length / 4));
  assert.equal(pages[0]!.url.searchParams.get("cursor"), null);
  for (const page of pages.slice(1)) assert.ok(page.url.searchParams.get("cursor"));
  for (const page of pages) assert.equal(page.url.searchParams.get("limit"), "4");
});

test("breaking out of the loop stops fetching pages", async () => {
  const { fetch, calls } = recordingFetch();
  const client = await adminClient({ fetch });
  calls.length = 0;
  const first: string[] = [];
  for await (const region of client.paginate("/v1/regions", { query: { parent_code: "520000", limit: 4 } })) {
    first.push(region.code);
    if (first.length === 5) break;
  }
  assert.equal(first.length, 5);
  assert.equal(callsTo(calls, "GET", "/v1/regions").length, 2);
});

test("the counties of Qianxinan, three a page, include Zhenfeng", async () => {
  const client = await adminClient();
  const names: string[] = [];
  for await (const county of client.paginate("/v1/regions", { query: { parent_code: "522300", limit: 3 } })) {
    names.push(county.name);
  }
  assert.ok(names.includes("贞丰县"), names.join(","));
});
