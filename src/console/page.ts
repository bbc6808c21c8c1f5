/**
 * The console's one HTML page. Static but for the event statuses, which come from the audit
 * module (the one list of them), so the status filter never offers a status the API refuses.
 * Everything else is drawn by script.ts from the API's answers.
 */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

export function consolePage({ statuses }: { statuses: readonly string[] }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Webhook router console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/app.css">
<script type="module" src="/console/app.js"></script>
</head>
<body data-statuses="${escapeHtml(statuses.join(" "))}">
<a class="skip" href="#main">Skip to content</a>
<header>
  <h1>Webhook router console</h1>
  <p id="who" aria-live="polite"></p>
  <button type="button" id="sign-out" hidden>Sign out</button>
</header>
<section id="sign-in" aria-labelledby="sign-in-title">
  <h2 id="sign-in-title">Sign in</h2>
  <p>Use a tenant token (read or operate) or the admin token. It is kept in this tab only (sessionStorage) and sent as a bearer header, never in a URL.</p>
  <form id="sign-in-form" novalidate>
    <div class="field"><label for="sign-in-tenant">Tenant id</label>
      <input id="sign-in-tenant" name="tenant" required autocomplete="username" spellcheck="false" pattern="[a-z0-9][a-z0-9_\\-]{0,62}"></div>
    <div class="field"><label for="sign-in-token">Token</label>
      <input id="sign-in-token" name="token" type="password" required autocomplete="current-password" spellcheck="false"></div>
    <button type="submit">Sign in</button>
    <p id="sign-in-error" class="error" role="alert"></p>
  </form>
</section>
<div id="app" hidden>
  <nav aria-label="Views">
    <ul>
      <li><a href="#events">Events</a></li>
      <li><a href="#dead">Dead letters</a></li>
      <li><a href="#health">Health</a></li>
      <!-- Views over routes that a deployment may not have yet: they say so when the route answers 404. -->
      <li><a href="#metrics">Metrics</a></li>
      <li><a href="#exceptions">Exceptions</a></li>
      <li><a href="#alerts">Alerts</a></li>
    </ul>
  </nav>
  <main id="main" tabindex="-1"></main>
</div>
<noscript><p>The console needs JavaScript.</p></noscript>
</body>
</html>
`;
}
