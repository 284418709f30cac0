// The running system the live tests talk to: `clients/typescript/ci` starts `wushe up` and sets
// WUSHE_BASE_URL, WUSHE_ADMIN_PASSWORD and WUSHE_JWT_SECRET. Without them the live tests fail (they
// are never skipped): run them through ./ci, or point them at a system you started yourself.
import { createHmac } from "node:crypto";

import { createWusheClient, type WusheClient, type WusheClientOptions } from "../../src/index.js";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the live tests with clients/typescript/ci (it starts wushe up)`);
  }
  return value;
}

export const baseUrl = required("WUSHE_BASE_URL").replace(/\/+$/, "");
export const adminPassword = required("WUSHE_ADMIN_PASSWORD");
const jwtSecret = required("WUSHE_JWT_SECRET");

export interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: string | undefined;
}

/** A fetch that records every call it sends (and can be told to lose answers). */
export function recordingFetch(
  options: { loseAnswer?: (call: Call, index: number) => boolean } = {},
): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const recording = (async (input: string | URL | Request, init?: RequestInit) => {
    const body = init?.body;
    const call: Call = {
      method: (init?.method ?? "GET").toUpperCase(),
      url: new URL(String(input)),
      headers: new Headers(init?.headers),
      body:
        typeof body === "string"
          ? body
          : body instanceof ArrayBuffer
            ? new TextDecoder().decode(body)
            : undefined,
    };
    calls.push(call);
    const response = await fetch(input, init);
    if (options.loseAnswer?.(call, calls.length - 1)) {
      // The server did the work; the answer never arrives (a dropped connection, a phone going
      // into a tunnel). fetch reports exactly this as a TypeError.
      await response.arrayBuffer();
      throw new TypeError("fetch failed", { cause: new Error("socket hang up (simulated)") });
    }
    return response;
  }) as typeof fetch;
  return { fetch: recording, calls };
}

/** Calls of one method to one path. */
export function callsTo(calls: Call[], method: string, path: string): Call[] {
  return calls.filter((c) => c.method === method && c.url.pathname === path);
}

export function newClient(options: Partial<WusheClientOptions> = {}): WusheClient {
  return createWusheClient({ baseUrl, ...options });
}

/** A client logged in as the operator `admin`. */
export async function adminClient(options: Partial<WusheClientOptions> = {}): Promise<WusheClient> {
  const client = newClient(options);
  await client.login("admin", adminPassword);
  return client;
}

/**
 * The same access token, expired a minute ago and signed with the system's key: what a client holds
 * after its phone slept past the token's lifetime, without waiting that lifetime out.
 */
export function expired(accessToken: string): string {
  const [header, payload] = accessToken.split(".");
  if (!header || !payload) throw new Error("not a JWT");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  claims.exp = Math.floor(Date.now() / 1000) - 60;
  const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  const signature = createHmac("sha256", jwtSecret).update(body).digest("base64url");
  return `${body}.${signature}`;
}

/** A unique suffix for names created by one test. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
