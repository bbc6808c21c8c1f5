/**
 * `GET /console`: the operators' console, a page and its script served by the Worker itself (no
 * CDN, no build step, works offline). It holds no data and no credentials: the browser signs in
 * with a tenant or admin token kept in sessionStorage and calls the public audit API with it, so
 * the console can do exactly what the token can do through curl, and nothing more.
 * The strict Content-Security-Policy allows only this origin's own script, style and API calls.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { EVENT_STATUSES } from "../audit/audit-message";
import { consolePage } from "../console/page";
import { CONSOLE_SCRIPT } from "../console/script";
import { CONSOLE_STYLE } from "../console/style";

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

export const consoleApp = new Hono<AppEnv>();

consoleApp.get("/", (c) => c.html(consolePage({ statuses: EVENT_STATUSES }), 200, SECURITY_HEADERS));
consoleApp.get("/app.js", (c) => c.body(CONSOLE_SCRIPT, 200, { ...SECURITY_HEADERS, "content-type": "text/javascript; charset=utf-8" }));
consoleApp.get("/app.css", (c) => c.body(CONSOLE_STYLE, 200, { ...SECURITY_HEADERS, "content-type": "text/css; charset=utf-8" }));
