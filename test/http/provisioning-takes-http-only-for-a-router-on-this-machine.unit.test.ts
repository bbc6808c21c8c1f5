// Odoo sends the source's token in the callback URL: it must not cross a network in clear. A router
// on the same machine as Odoo (`npm run dev` beside a local Odoo) may be reached over http.
import { expect, it } from "vitest";
import { automationsBody } from "../../src/http/odoo-automations";

it("provisioning takes an http publicUrl only for a router on this machine", () => {
  const ok = (publicUrl: string) => automationsBody.safeParse({ source: "odoo", publicUrl }).success;
  expect(ok("https://router.example.com")).toBe(true);
  expect(ok("http://localhost:8787")).toBe(true);
  expect(ok("http://127.0.0.1:8787")).toBe(true);
  expect(ok("http://router.example.com")).toBe(false);
  expect(ok("http://10.0.0.5:8787")).toBe(false);
  expect(ok("ftp://localhost")).toBe(false);
});
