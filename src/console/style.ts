/** The console's stylesheet: system fonts only, high-contrast focus ring for keyboard users. */
export const CONSOLE_STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --bad: #b3261e; --ok: #1a7f37; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
header h1 { font-size: 1.15rem; margin: 0; }
header p { margin: 0 0 0 auto; color: var(--muted); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: .5rem; top: .5rem; background: #fff; padding: .4rem; z-index: 1; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
#sign-in, main { padding: 1rem 1.2rem; max-width: 78rem; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem; margin: 0; padding: .5rem 1.2rem; border-bottom: 1px solid var(--line); }
nav a { display: inline-block; padding: .3rem .7rem; border-radius: 6px; color: var(--accent); text-decoration: none; }
nav a[aria-current="page"] { background: var(--accent); color: #fff; }
form.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: flex-end; margin-bottom: 1rem; }
.field { display: flex; flex-direction: column; gap: .15rem; margin-bottom: .5rem; }
label { font-weight: 600; font-size: .85rem; }
input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: var(--fg); }
button { cursor: pointer; background: #f6f8fa; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; font-size: .85rem; }
td code, dd code { font-size: .85rem; word-break: break-all; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; }
.status { font-weight: 600; }
.status-delivered, .status-ok, .status-closed { color: var(--ok); }
.status-dead, .status-rejected, .status-open, .status-degraded { color: var(--bad); }
.status-retrying, .status-paused, .status-half_open { color: var(--warn); }
.error { color: var(--bad); }
.notice { padding: .8rem 1rem; border: 1px dashed #8c959f; border-radius: 6px; background: #f6f8fa; }
.pager { display: flex; gap: .6rem; align-items: center; }
.panel { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; }
pre { background: #f6f8fa; padding: .6rem; overflow: auto; max-height: 30rem; }
`;
