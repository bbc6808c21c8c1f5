import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, readToken } from "../support/router";

it("the change log pages newest first with cursor and limit, like the events list; a bad cursor is 400", async () => {
  const t = await createTenant(); // tenant.put, source.put
  for (let i = 0; i < 3; i++) await readToken(t); // token.create x3

  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const response = await call(`/v1/tenants/${t.tenant}/changes?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: ADMIN_TOKEN });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: { id: string; action: string }[]; nextCursor: string | null };
    pages.push(page.items.map((c) => c.action));
    cursor = page.nextCursor;
  } while (cursor);
  expect(pages).toEqual([["token.create", "token.create"], ["token.create", "source.put"], ["tenant.put"]]);

  const bad = await call(`/v1/tenants/${t.tenant}/changes?cursor=nope`, { token: ADMIN_TOKEN });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "invalid_request", message: expect.stringContaining("cursor") });
  expect((await call("/v1/admin/changes?limit=0", { token: ADMIN_TOKEN })).status).toBe(400);
});
