import { expect, it } from "vitest";
import { call } from "../support/router";

it("the console is served by the Worker with a CSP that allows only its own script, style and API", async () => {
  const page = await call("/console");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  const csp = page.headers.get("content-security-policy")!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("form-action 'none'"); // a sign-in form can never be submitted into a URL
  const html = await page.text();
  // No inline script, no other origin: every <script> is /console/app.js.
  expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="module" src="/console/app.js">']);
  expect(html).not.toMatch(/https?:\/\//);
  // The status filter offers exactly the audit API's statuses.
  expect(html).toContain('data-statuses="accepted duplicate ignored stale superseded queued delivered retrying dead rejected echo"');

  const script = await call("/console/app.js");
  expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  const source = await script.text();
  expect(source).toContain("sessionStorage");
  expect(source).not.toContain("localStorage");
  expect(source).not.toMatch(/\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write/);
  expect((await call("/console/app.css")).headers.get("content-type")).toBe("text/css; charset=utf-8");
});
