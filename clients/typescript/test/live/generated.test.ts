// The committed generated files match the running system's /openapi.json: when the API changes and
// nobody ran `npm run generate`, this fails.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import { baseUrl } from "./support.js";

// dist/test/live/ -> the package root
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

test("the generated types are those of the running system", async () => {
  const renderModule = resolve(root, "scripts", "render.mjs");
  const { render } = (await import(pathToFileURL(renderModule).href)) as {
    render: (document: unknown) => Promise<Record<string, string>>;
  };
  const response = await fetch(`${baseUrl}/openapi.json`);
  assert.equal(response.status, 200);
  const files = await render(await response.json());
  assert.deepEqual(Object.keys(files).sort(), ["openapi.ts", "operations.ts"]);
  for (const [name, text] of Object.entries(files)) {
    const committed = await readFile(resolve(root, "src", "generated", name), "utf8");
    if (committed !== text) {
      assert.fail(
        `src/generated/${name} is stale: the API changed. Run \`npm run generate -- ${baseUrl}/openapi.json\` ` +
          "in clients/typescript and commit the result.",
      );
    }
  }
});
