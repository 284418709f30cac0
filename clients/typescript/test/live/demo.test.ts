// The demo story through the client, as a mini-program or a partner system would walk it: `ci`
// fills the system with `wushe demo` first (Haishu supports Zhenfeng); this signs in, lists the
// needs of Zhenfeng with the candidates of the open ones, runs a round, accepts the proposed match
// from both sides, and reads the village fund's public disclosure without credentials.
import assert from "node:assert/strict";
import { test } from "node:test";

import { adminClient, newClient } from "./support.js";

const ZHENFENG = "522325";

test("the demo story: needs with candidates, a match accepted by both sides, the disclosure", async () => {
  const client = await adminClient();

  const needs = [];
  for await (const need of client.paginate("/v1/needs", { query: { region_code: ZHENFENG, limit: 2 } })) {
    needs.push(need);
  }
  const byTitle = new Map(needs.map((n) => [n.title, n]));
  assert.equal(byTitle.get("组组通道路硬化与安全护栏")?.status, "referred", "the major matter is referred");
  assert.equal(byTitle.get("村民家庭借款纠纷")?.status, "closed", "the private matter is closed with advice");
  const youth = byTitle.get("青少年心理健康讲座与个案辅导");
  assert.ok(youth, `the demo's open need is there (${[...byTitle.keys()].join(", ")})`);

  const { data: candidates } = await client.GET("/v1/needs/{need_id}/candidates", {
    params: { path: { need_id: youth.id }, query: { limit: 5 } },
  });
  assert.ok(candidates.items.length > 0, "the open need has candidates");
  const best = candidates.items[0]!;
  assert.ok((best.parts.collaboration ?? 0) > 0, "the east-west collaboration scores");
  assert.ok(Object.keys(best.reasons).length > 0, "every score is explained");

  const { data: round } = await client.POST("/v1/rounds", { body: { region_code: ZHENFENG, dry_run: false } });
  assert.equal(round.optimal, true);
  assert.ok(round.matches_proposed >= 1, JSON.stringify(round));

  const { data: proposed } = await client.GET("/v1/matches", {
    params: { query: { need_id: youth.id, status: "proposed" } },
  });
  assert.equal(proposed.items.length, 1);
  const matchId = proposed.items[0]!.id;
  assert.equal(proposed.items[0]!.contacts ?? null, null, "no contacts before both sides accept");

  await client.POST("/v1/matches/{match_id}/accept", {
    params: { path: { match_id: matchId } },
    body: { side: "need" },
  });
  const { data: accepted } = await client.POST("/v1/matches/{match_id}/accept", {
    params: { path: { match_id: matchId } },
    body: { side: "offer" },
  });
  assert.equal(accepted.status, "accepted");
  assert.ok(accepted.contacts, "both sides accepted: each sees the other's contact");

  const { data: funds } = await client.GET("/v1/funds", { params: { query: { kind: "community" } } });
  const fund = funds.items.find((f) => f.name === "纳孔村社区发展基金");
  assert.ok(fund, "the village fund");
  const anonymous = newClient();
  const { data: disclosure } = await anonymous.GET("/v1/public/funds/{fund_id}", {
    params: { path: { fund_id: fund.id } },
  });
  assert.equal(disclosure.donations_count, 3);
  assert.ok(disclosure.donations.some((d) => d.donor === "匿名"), "the anonymous donor stays anonymous");
  assert.equal(disclosure.grants[0]?.disbursed, 1_000_000);
});
