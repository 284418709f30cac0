/**
 * `@wushe/client`: the typed client of the Wushe (五社联动) gateway.
 *
 * ```ts
 * import { createWusheClient, isProblem } from "@wushe/client";
 * const wushe = createWusheClient({ baseUrl: "http://127.0.0.1:8000" });
 * await wushe.login("admin", password);
 * for await (const region of wushe.paginate("/v1/regions", { query: { parent_code: "520000" } })) { ... }
 * ```
 */
export {
  createWusheClient,
  newIdempotencyKey,
  WusheClient,
  type ListItem,
  type ListPath,
  type PaginateOptions,
  type WusheCall,
  type WusheClientOptions,
  type WusheResult,
} from "./client.js";
export { API_VERSION, IDEMPOTENT_OPERATIONS } from "./generated/operations.js";
export type { components, operations, paths } from "./generated/openapi.js";
export {
  isProblem,
  WusheProblem,
  WusheSessionExpired,
  type ProblemBody,
  type ProblemFieldError,
} from "./problem.js";
export { Session, type TokenSet } from "./session.js";
export type { FetchLike } from "./transport.js";
export { createWxFetch, type WxFetchOptions, type WxLike, type WxRequestOptions } from "./wx.js";

import type { components } from "./generated/openapi.js";
/** A schema of the API by name: `Schema<"OrganizationRead">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];
