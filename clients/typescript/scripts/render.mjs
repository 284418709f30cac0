// The text of the generated files for one OpenAPI document: shared by `npm run generate` and the
// staleness test, so that both produce byte for byte the same thing.
import openapiTS, { astToString } from "openapi-typescript";

const HEADER =
  "// Generated from the Wushe gateway's merged /openapi.json by `npm run generate`. Do not edit:\n" +
  "// regenerate instead (the staleness test fails when this file and the API differ).\n";

/** The operations that take an Idempotency-Key header, as "METHOD /path/{template}", sorted. */
export function idempotentOperations(document) {
  const found = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const shared = item.parameters ?? [];
    for (const [method, operation] of Object.entries(item)) {
      if (!operation || typeof operation !== "object" || method === "parameters") continue;
      const parameters = [...shared, ...(operation.parameters ?? [])].map((p) => resolveRef(document, p));
      if (parameters.some((p) => p?.in === "header" && String(p.name).toLowerCase() === "idempotency-key")) {
        found.push(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  return found.sort();
}

function resolveRef(document, node) {
  if (!node || typeof node.$ref !== "string" || !node.$ref.startsWith("#/")) return node;
  let target = document;
  for (const part of node.$ref.slice(2).split("/")) target = target?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return target;
}

/** { "openapi.ts": ..., "operations.ts": ... } for ``document``. */
export async function render(document) {
  // alphabetize: the merged document's order follows the services' routers; sorting keeps a
  // regeneration's diff to what really changed.
  const ast = await openapiTS(structuredClone(document), { alphabetize: true, silent: true });
  const types = `${HEADER}\n${astToString(ast)}`;
  const operations = idempotentOperations(document);
  const list = operations.map((o) => `  ${JSON.stringify(o)},`).join("\n");
  const runtime =
    `${HEADER}\n` +
    "/** Operations that declare an `Idempotency-Key` header: the client generates one for each call. */\n" +
    `export const IDEMPOTENT_OPERATIONS: ReadonlySet<string> = new Set([\n${list}\n]);\n\n` +
    `/** The API version of the document these files were generated from. */\n` +
    `export const API_VERSION = ${JSON.stringify(String(document.info?.version ?? ""))};\n`;
  return { "openapi.ts": types, "operations.ts": runtime };
}
