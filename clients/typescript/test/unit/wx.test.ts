// The wx.request adapter against the stand-in wx, over real HTTP to a local server.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";

import { createWxFetch, type WxLike } from "../../src/wx.js";
import { createStandInWx } from "../standin-wx.js";

let server: Server;
let base: string;
const received: { method: string; url: string; headers: IncomingMessage["headers"]; body: Buffer }[] = [];
const closed: string[] = [];

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
  const url = new URL(req.url!, "http://x");
  if (url.pathname === "/echo") {
    res.writeHead(200, { "content-type": "application/octet-stream", "x-request-id": "echo-1" });
    res.end(body);
  } else if (url.pathname === "/problem") {
    res.writeHead(409, { "content-type": "application/problem+json", "x-request-id": "req-409" });
    res.end('{"type": "urn:wushe:problem:uscc_taken", "status": 409, "code": "uscc_taken", "title": "统一社会信用代码已被使用"}');
  } else if (url.pathname === "/spaced") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{ "a" :  1 }');
  } else if (url.pathname === "/empty") {
    res.writeHead(204);
    res.end();
  } else if (url.pathname === "/bytes") {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(Buffer.from([0, 255, 1, 254, 0x50, 0x4b]));
  } else if (url.pathname === "/slow") {
    req.on("close", () => closed.push(url.search));
    // never answers
  } else {
    res.writeHead(404);
    res.end("no");
  }
}

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("createWxFetch", () => {
  test("sends method, headers and a string body; maps status, headers and text back", async () => {
    const wx = createStandInWx();
    const wxFetch = createWxFetch(wx);
    const response = await wxFetch(`${base}/echo?x=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "k-1" },
      body: '{"name":"社区"}',
    });
    assert.equal(response.status, 200);
    assert.equal(response.ok, true);
    assert.equal(response.headers.get("x-request-id"), "echo-1");
    assert.equal(await response.text(), '{"name":"社区"}');
    const seen = received.at(-1)!;
    assert.equal(seen.method, "POST");
    assert.equal(seen.url, "/echo?x=1");
    assert.equal(seen.headers["x-api-key"], "k-1");
    const options = wx.requests.at(-1)!;
    assert.notEqual(options.dataType, "json", "wx must not parse the body itself");
    assert.equal(options.responseType, "text");
  });

  test("an ArrayBuffer body and a typed array arrive byte for byte", async () => {
    const wxFetch = createWxFetch(createStandInWx());
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 255]);
    await wxFetch(`${base}/echo`, { method: "PUT", body: bytes.subarray(1, 5) });
    assert.deepEqual([...received.at(-1)!.body], [1, 2, 250, 251]);
    await wxFetch(`${base}/echo`, { method: "POST", body: bytes.buffer });
    assert.deepEqual([...received.at(-1)!.body], [...bytes]);
  });

  test("a problem answer is a normal response (success callback), its text untouched", async () => {
    const response = await createWxFetch(createStandInWx())(`${base}/problem`);
    assert.equal(response.status, 409);
    assert.equal(response.ok, false);
    assert.equal(response.headers.get("content-type"), "application/problem+json");
    const problem = (await response.json()) as { code: string };
    assert.equal(problem.code, "uscc_taken");
  });

  test("the body is the server's text, not re-serialized JSON", async () => {
    const response = await createWxFetch(createStandInWx())(`${base}/spaced`);
    assert.equal(await response.text(), '{ "a" :  1 }');
  });

  test("204 has no body; arraybuffer mode gives bytes", async () => {
    const empty = await createWxFetch(createStandInWx())(`${base}/empty`, { method: "DELETE" });
    assert.equal(empty.status, 204);
    assert.equal(await empty.text(), "");
    const binary = await createWxFetch(createStandInWx(), { responseType: "arraybuffer" })(`${base}/bytes`);
    assert.deepEqual([...new Uint8Array(await binary.arrayBuffer())], [0, 255, 1, 254, 0x50, 0x4b]);
  });

  test("fail (nothing listening) is fetch's TypeError, with wx's error as the cause", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const error = await createWxFetch(createStandInWx())(`http://127.0.0.1:${port}/`).then(
      () => assert.fail("no server, yet an answer"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /request:fail .*ECONNREFUSED/);
    assert.match((error.cause as { errMsg: string }).errMsg, /^request:fail /);
  });

  test("a request that takes too long fails with a timeout TypeError and the connection is dropped", async () => {
    const wx = createStandInWx();
    const started = Date.now();
    const error = await createWxFetch(wx, { timeoutMs: 300 })(`${base}/slow?t=1`).then(
      () => assert.fail("answered"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /timeout/);
    assert.ok(Date.now() - started < 1_200);
    assert.equal(wx.requests.at(-1)!.timeout, 300);
    await waitFor(() => closed.includes("?t=1"));
  });

  test("the adapter's own timer ends a call even when wx never calls back", async () => {
    const silent: WxLike = { request: () => ({ abort() {} }) };
    const error = await createWxFetch(silent, { timeoutMs: 100 })(`${base}/slow`).then(
      () => assert.fail("answered"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /timeout/);
  });

  test("an aborted signal rejects with its reason and aborts the wx task", async () => {
    const controller = new AbortController();
    const pending = createWxFetch(createStandInWx())(`${base}/slow?t=abort`, { signal: controller.signal });
    await waitFor(() => received.some((r) => r.url === "/slow?t=abort"));
    controller.abort();
    const error = await pending.then(
      () => assert.fail("answered"),
      (e: unknown) => e,
    );
    assert.equal((error as Error).name, "AbortError");
    await waitFor(() => closed.includes("?t=abort"));
  });

  test("PATCH, which wx.request does not have, is refused before wx is called", async () => {
    const wx = createStandInWx();
    await assert.rejects(createWxFetch(wx)(`${base}/echo`, { method: "PATCH", body: "{}" }), /cannot send PATCH/);
    assert.equal(wx.requests.length, 0);
  });

  test("the stand-in behaves like wx: default dataType json parses, an unknown method fails", async () => {
    const wx = createStandInWx();
    const parsed = await new Promise<unknown>((resolve, reject) => {
      wx.request({ url: `${base}/spaced`, success: (r: { data: unknown }) => resolve(r.data), fail: reject } as never);
    });
    assert.deepEqual(parsed, { a: 1 });
    const failed = await new Promise<string>((resolve) => {
      wx.request({ url: `${base}/echo`, method: "PATCH", fail: (e: { errMsg: string }) => resolve(e.errMsg) } as never);
    });
    assert.match(failed, /^request:fail /);
  });
});

async function waitFor(condition: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
