#!/usr/bin/env node
// Generates src/generated/openapi.ts (types, by openapi-typescript) and src/generated/operations.ts
// (the operations that declare an Idempotency-Key header) from the gateway's merged /openapi.json.
//
// It starts nothing: give it the URL of a running gateway or a saved document.
//
//   npm run generate -- http://127.0.0.1:8000/openapi.json
//   npm run generate -- ./openapi.json
//   npm run generate -- --check http://127.0.0.1:8000/openapi.json   (exit 1 when the committed files differ)
//
// WUSHE_OPENAPI (a URL or a path) is used when no source is given.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { render } from "./render.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, "..", "src", "generated");

function usage(message) {
  process.stderr.write(`${message}\nusage: npm run generate -- [--check] <openapi.json URL or file>\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const check = args.includes("--check");
const sources = args.filter((a) => a !== "--check");
if (sources.length > 1) usage("one source only");
const source = sources[0] ?? process.env.WUSHE_OPENAPI;
if (!source) usage("no source: pass the gateway's /openapi.json URL or a file (or set WUSHE_OPENAPI)");

async function load(from) {
  if (/^https?:\/\//.test(from)) {
    const response = await fetch(from, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`GET ${from}: ${response.status} ${await response.text()}`);
    return response.json();
  }
  return JSON.parse(await readFile(from, "utf8"));
}

const files = await render(await load(source));
const stale = [];
for (const [name, text] of Object.entries(files)) {
  const path = resolve(outDir, name);
  if (check) {
    const current = await readFile(path, "utf8").catch(() => null);
    if (current !== text) stale.push(`src/generated/${name}`);
  } else {
    await mkdir(outDir, { recursive: true });
    await writeFile(path, text);
    process.stdout.write(`wrote src/generated/${name}\n`);
  }
}
if (check) {
  if (stale.length) {
    process.stderr.write(
      `stale generated files: ${stale.join(", ")}\n` +
        `the API changed: run \`npm run generate -- ${source}\` and commit the result\n`,
    );
    process.exit(1);
  }
  process.stdout.write("generated types are up to date\n");
}
