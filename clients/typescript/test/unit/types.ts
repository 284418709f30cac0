// Compile-time checks of the typed calls (tsc fails the build when one of them is wrong).
import type { ListItem, Schema, WusheClient } from "../../src/index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

export async function typeChecks(client: WusheClient): Promise<void> {
  const { data: region } = await client.GET("/v1/regions/{code}", { params: { path: { code: "520000" } } });
  assertType<Equal<typeof region, Schema<"RegionRead">>>();
  // @ts-expect-error: not a path of the API
  await client.GET("/v1/no-such-thing");
  // @ts-expect-error: the path parameter is required
  await client.GET("/v1/regions/{code}");
  // @ts-expect-error: the body is checked
  await client.POST("/v1/auth/token", { body: { username: "a" } });
  for await (const item of client.paginate("/v1/regions", { query: { parent_code: "520000", limit: 4 } })) {
    assertType<Equal<typeof item, ListItem<"/v1/regions">>>();
    assertType<Equal<typeof item, Schema<"RegionRead">>>();
  }
  // @ts-expect-error: not a list
  client.paginate("/v1/auth/me");
}
