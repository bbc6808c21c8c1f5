/**
 * The console in a real headless Chromium (Debian's `chromium`), against the router on a loopback
 * port with the Odoo emulator behind it: an operator signs in with the keyboard, filters events,
 * opens a timeline with its Odoo link, dry-runs a replay of the dead letters, sees the health and
 * an alert opened by the minute cron and acknowledges it. Leaves test-results/console.png.
 */
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startRouter, type RouterHost } from "./support/router-host";

const CHROMIUM = "/usr/bin/chromium";
// The workerd-side sample payloads, loaded by path: their module is typed for workerd, not Node.
const samples = (await import(path.resolve(import.meta.dirname, "..", "support", "shopify.ts") as string)) as {
  shopifyOrder(overrides?: Record<string, unknown>): unknown;
  shopifyCustomer(overrides?: Record<string, unknown>): unknown;
};
const SCREENSHOT = path.resolve(import.meta.dirname, "..", "..", "test-results", "console.png");
const TENANT = "console-shop";
const SECRET = "console-shopify-secret";

let router: RouterHost;
let browser: Browser;
let operateToken: string;
let deadEventId: string;

async function admin(method: string, route: string, body?: unknown) {
  const res = await fetch(`${router.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${router.adminToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route} -> ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, any>;
}

async function deliver(topic: string, payload: unknown): Promise<string> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${router.url}/webhooks/${TENANT}/shop`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(body).digest("base64"),
      "x-shopify-webhook-id": crypto.randomUUID(),
      "x-shopify-shop-domain": "example.myshopify.com",
    },
  });
  if (res.status !== 202) throw new Error(`delivery -> ${res.status} ${await res.text()}`);
  return ((await res.json()) as { eventId: string }).eventId;
}

/** Waits until the audit trail (written by its own queue, so 404 at first) shows the event settled. */
const settled = (eventId: string, statuses: string[]) =>
  vi.waitUntil(
    async () => {
      const res = await fetch(`${router.url}/v1/tenants/${TENANT}/events/${eventId}`, { headers: { authorization: `Bearer ${router.adminToken}` } });
      return res.ok && statuses.includes(((await res.json()) as { status: string }).status);
    },
    { timeout: 15_000, interval: 100 },
  );

beforeAll(async () => {
  [router, browser] = await Promise.all([startRouter(), chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] })]);
  await router.emulator("POST", "config", { database: "shop", login: "router@shop.test", apiKey: "odoo-key", version: "19.0" });
  await admin("PUT", `/v1/admin/tenants/${TENANT}`, {
    odoo: { url: router.odooUrl, database: "shop", login: "router@shop.test", apiKey: "odoo-key", protocol: "jsonrpc" },
  });
  await admin("PUT", `/v1/admin/tenants/${TENANT}/sources/shop`, { provider: "shopify", secrets: [SECRET] });
  operateToken = (await admin("POST", `/v1/admin/tenants/${TENANT}/tokens`, { role: "operate" })).token;
  // The first partner Odoo is asked to create is refused for good: that customer goes dead.
  await router.emulator("POST", "faults", [{ kind: "validation", model: "res.partner", method: "create", times: 1, message: "The VAT number [XX123] does not seem to be valid." }]);
  deadEventId = await deliver("customers/create", samples.shopifyCustomer());
  await settled(deadEventId, ["dead"]);
  const orders = [await deliver("orders/create", samples.shopifyOrder()), await deliver("orders/create", samples.shopifyOrder({ id: 5820982911947, name: "#1002" }))];
  for (const id of orders) await settled(id, ["delivered"]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await router?.stop();
});

async function signIn(page: Page, errors: string[]) {
  await page.goto(`${router.url}/console`);

  // Keyboard only: the tenant field has focus, Tab to the token, Enter submits.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("sign-in-tenant");
  await page.keyboard.type(TENANT);
  await page.keyboard.press("Tab");
  // The field reached by keyboard shows the focus ring.
  expect(await page.evaluate(() => [document.activeElement?.id, getComputedStyle(document.activeElement!).outlineStyle])).toEqual(["sign-in-token", "solid"]);
  await page.keyboard.type(operateToken);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Events", level: 2 }).waitFor();
}

it("an operator signs in, filters events, opens a timeline, dry-runs a replay and acknowledges an alert", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Chromium logs every 4xx as a console error: those are checked by URL below instead.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
  const failed: string[] = [];
  page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${new URL(r.url()).pathname}`));
  await signIn(page, errors);

  // The token is in this tab's sessionStorage, never in the URL.
  expect(page.url()).not.toContain(operateToken);
  expect(await page.evaluate(() => sessionStorage.getItem("router-console"))).toContain(operateToken);

  // Events: all three, newest first; then only the dead one.
  const rows = page.locator("table tbody tr");
  await expect.poll(() => rows.count()).toBe(3);
  await page.getByLabel("Status").selectOption("dead");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect.poll(() => rows.count()).toBe(1);
  await expect.poll(() => rows.first().textContent()).toContain(deadEventId);

  // Its timeline, reached from the keyboard: focus the link, Enter.
  await page.getByRole("link", { name: `Timeline of ${deadEventId}` }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: `Event ${deadEventId}` }).waitFor();
  const timelineSteps = await page.locator("table tbody tr td:nth-child(3)").allTextContents();
  expect(timelineSteps[0]).toBe("received");
  expect(timelineSteps.at(-1)).toBe("dead");
  await expect.poll(() => page.locator("dl").textContent()).toContain("does not seem to be valid");

  // A delivered order's Odoo record, linked into the tenant's Odoo.
  await page.getByRole("link", { name: "← Back to events" }).click();
  await page.getByLabel("Status").selectOption("delivered");
  await page.getByLabel("Type").fill("order.created");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect.poll(() => rows.count()).toBe(2);
  await rows.first().getByRole("link").click();
  const odooLink = page.getByRole("link", { name: /sale\.order #\d+ \(open in Odoo\)/ });
  const href = await odooLink.getAttribute("href");
  await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-timeline.png"), fullPage: true });
  expect(href).toMatch(new RegExp(`^${router.odooUrl.replace(/\./g, "\\.")}/odoo/sale\\.order/\\d+$`));

  // Dead letters: the dry run counts first; nothing is replayed until confirmed.
  await page.getByRole("link", { name: "Dead letters", exact: true }).click();
  await page.getByRole("heading", { name: "Dead letters", exact: true }).waitFor();
  await page.getByRole("button", { name: "Count what would be replayed (dry run)" }).click();
  await page.getByText("Dry run: 1 event(s) would be replayed.").waitFor();
  const confirm = page.getByRole("button", { name: "Confirm: replay 1 event(s)" });
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Confirm: replay 1 event(s)");
  expect(await confirm.isVisible()).toBe(true);

  // Health: the breaker and the counts.
  await page.getByRole("link", { name: "Health", exact: true }).click();
  await page.getByRole("heading", { name: "Health", exact: true }).waitFor();
  await expect.poll(() => page.locator("main").textContent()).toContain("closed");
  await expect.poll(() => page.locator("main table tbody").textContent()).toContain("1 (dead letters)");

  // Metrics: the series of this tenant's source, or the placeholder on a deployment without the route.
  const metricsRoute = await fetch(`${router.url}/v1/tenants/${TENANT}/metrics`, { headers: { authorization: `Bearer ${operateToken}` } });
  await page.getByRole("link", { name: "Metrics", exact: true }).click();
  await page.getByRole("heading", { name: "Metrics", exact: true }).waitFor();
  if (metricsRoute.status === 404) await page.getByText("Metrics: not available on this deployment").waitFor();
  else {
    await page.getByRole("table", { name: "Totals for shop / order" }).waitFor();
    expect(await page.getByRole("img", { name: /^Received and delivered per hour for shop/ }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-metrics.png"), fullPage: true });
  }

  // Exceptions: the dead customer is not stuck (dead is final); the view answers with its type.
  await page.getByRole("link", { name: "Exceptions", exact: true }).click();
  await page.getByRole("heading", { name: "Exceptions", exact: true }).waitFor();
  await page.getByText("No exceptions of this type.").waitFor();

  // Alerts: a dead-letter rule, the minute cron opens an alert; the operator acknowledges it.
  await admin("PUT", `/v1/admin/tenants/${TENANT}/alerts`, { rules: [{ id: "dead-letters", type: "dead_letters", count: 1, minutes: 60 }] });
  await router.cron("* * * * *");
  await page.getByRole("link", { name: "Alerts", exact: true }).click();
  await page.getByRole("heading", { name: "Alerts", exact: true }).waitFor();
  const alertRow = page.getByRole("table", { name: "Alerts, newest first" }).locator("tbody tr");
  await expect.poll(() => alertRow.count()).toBe(1);
  await expect.poll(() => alertRow.first().textContent()).toContain("1 events dead-lettered in the last 60 minutes");
  await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-alerts.png"), fullPage: true });
  await page.getByRole("button", { name: "Acknowledge alert dead-letters on *" }).press("Enter");
  await expect.poll(() => alertRow.first().textContent()).toContain("acknowledged");
  expect(await page.getByRole("button", { name: /^Acknowledge alert/ }).count()).toBe(0);

  await page.getByRole("link", { name: "Dead letters", exact: true }).click();
  await page.getByRole("button", { name: "Count what would be replayed (dry run)" }).click();
  await page.getByText("Dry run: 1 event(s) would be replayed.").waitFor();
  mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  // Confirmed: the replay job runs to the end (the refusal was one-off, so the copy is delivered).
  await page.getByRole("button", { name: "Confirm: replay 1 event(s)" }).press("Enter");
  await page.getByText(/^Replay job rpl_\w+: done \(1 of 1 replayed, 0 skipped\)$/).waitFor({ timeout: 15_000 });

  expect(errors).toEqual([]);
  // The only refusals: views over routes this deployment may lack.
  expect(failed.filter((f) => !/^404 \/v1\/tenants\/[^/]+\/(metrics|exceptions|alerts)$/.test(f))).toEqual([]);
  await page.close();
});
