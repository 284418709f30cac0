// A stand-in for the mini-program's `wx` object, behaving as wx.request is documented to (and as it
// does on devices) so that the adapter can be tested in Node over real HTTP:
// - success is called for every HTTP answer, 4xx and 5xx included, with {statusCode, header, data,
//   cookies, errMsg: "request:ok"}; fail only when no answer came ({errMsg: "request:fail ..."}),
//   then complete either way;
// - method must be one of OPTIONS GET HEAD POST PUT DELETE TRACE CONNECT (no PATCH);
// - content-type defaults to application/json; object data is JSON-serialized for a JSON body and
//   turned into a query string for GET; string and ArrayBuffer data are sent as they are;
// - dataType "json" (the default) runs JSON.parse on the answer and keeps the text when that fails;
//   any other value leaves the text alone; responseType "arraybuffer" gives an ArrayBuffer;
// - timeout (default 60 000 ms) ends in fail "request:fail timeout"; task.abort() in fail
//   "request:fail abort".
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

import type { WxLike, WxRequestFail, WxRequestSuccess, WxRequestTask } from "../src/wx.js";

const METHODS = new Set(["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT"]);

export interface StandInOptions {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: string | ArrayBuffer | Record<string, unknown>;
  dataType?: string;
  responseType?: string;
  timeout?: number;
  success?: (result: WxRequestSuccess) => void;
  fail?: (error: WxRequestFail) => void;
  complete?: (result: WxRequestSuccess | WxRequestFail) => void;
}

export interface StandInWx extends WxLike {
  /** Every options object wx.request was called with. */
  readonly requests: StandInOptions[];
}

export function createStandInWx(): StandInWx {
  const requests: StandInOptions[] = [];
  return {
    requests,
    request(options: StandInOptions): WxRequestTask {
      requests.push(options);
      let done = false;
      const fail = (errMsg: string): void => {
        if (done) return;
        done = true;
        const error = { errMsg };
        // wx calls back asynchronously, never inside wx.request itself.
        setImmediate(() => {
          options.fail?.(error);
          options.complete?.(error);
        });
      };
      const method = (options.method ?? "GET").toUpperCase();
      if (!METHODS.has(method)) {
        fail(`request:fail method is invalid: ${method}`);
        return { abort() {} };
      }
      let url: URL;
      try {
        url = new URL(options.url);
      } catch {
        fail(`request:fail invalid url "${options.url}"`);
        return { abort() {} };
      }
      const header: Record<string, string> = { ...(options.header ?? {}) };
      if (!Object.keys(header).some((k) => k.toLowerCase() === "content-type")) header["content-type"] = "application/json";
      const contentType = Object.entries(header).find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
      let body: Buffer | undefined;
      const data = options.data;
      if (typeof data === "string") body = Buffer.from(data, "utf8");
      else if (data instanceof ArrayBuffer) body = Buffer.from(data);
      else if (data && typeof data === "object") {
        if (method === "GET") {
          for (const [k, v] of Object.entries(data)) url.searchParams.append(k, String(v));
        } else if (contentType.includes("application/x-www-form-urlencoded")) {
          body = Buffer.from(new URLSearchParams(Object.entries(data).map(([k, v]): [string, string] => [k, String(v)])).toString());
        } else {
          body = Buffer.from(JSON.stringify(data));
        }
      }
      if (method === "GET" || method === "HEAD") body = undefined;
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const req = send(url, { method, headers: body ? { ...header, "content-length": String(body.length) } : header });
      const timer = setTimeout(() => {
        req.destroy();
        fail("request:fail timeout");
      }, options.timeout ?? 60_000);
      req.on("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        fail(`request:fail ${error.code ?? error.message}`);
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => {
          clearTimeout(timer);
          fail(`request:fail ${error.message}`);
        });
        res.on("end", () => {
          clearTimeout(timer);
          if (done) return;
          done = true;
          const raw = Buffer.concat(chunks);
          const headerOut: Record<string, string> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i]!;
            const value = res.rawHeaders[i + 1]!;
            headerOut[name] = name in headerOut ? `${headerOut[name]}, ${value}` : value;
          }
          let out: string | ArrayBuffer | object;
          if (options.responseType === "arraybuffer") {
            out = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
          } else {
            out = raw.toString("utf8");
            if ((options.dataType ?? "json") === "json") {
              try {
                out = JSON.parse(out as string) as object;
              } catch {
                // wx hands over the text when it is not JSON.
              }
            }
          }
          const cookies = res.headers["set-cookie"] ?? [];
          const result: WxRequestSuccess = { statusCode: res.statusCode ?? 0, header: headerOut, data: out, cookies, errMsg: "request:ok" };
          options.success?.(result);
          options.complete?.(result);
        });
      });
      if (body) req.write(body);
      req.end();
      return {
        abort() {
          if (done) return;
          clearTimeout(timer);
          req.destroy();
          fail("request:fail abort");
        },
      };
    },
  };
}
