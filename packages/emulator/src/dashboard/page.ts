import { createHash } from 'node:crypto';
import { CLIENT_CORE } from './client-core.js';
import { CLIENT_VIEWS } from './client-views.js';
import { STYLE } from './style.js';

/** Where the page keeps the admin token (sessionStorage: this tab only, gone when it closes). */
const TOKEN_KEY = 'bec-emulator-admin-token';

const SCRIPT = `(function(){'use strict';var TOKEN_KEY='${TOKEN_KEY}';${CLIENT_CORE}${CLIENT_VIEWS}start();})();`;

/**
 * The refusal page's only script: a reload after the token left the address bar comes back here;
 * with a token kept in this tab it asks once more with it (a stale one is forgotten).
 */
const RETRY_SCRIPT = `(function(){'use strict';var k='${TOKEN_KEY}';try{var t=sessionStorage.getItem(k);
if(new URLSearchParams(location.search).has('token')){sessionStorage.removeItem(k);}
else if(t){location.replace(location.pathname+'?token='+encodeURIComponent(t));}}catch(e){}})();`;

const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** No source outside the page itself: its own inline style and scripts (by hash) and fetches to its origin. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  `script-src ${sha(SCRIPT)} ${sha(RETRY_SCRIPT)}`,
  `style-src ${sha(STYLE)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,"><title>BEC emulator</title><style>${STYLE}</style></head>`;

const BODY = `<body>
<a class="skip" href="#resources">Skip to resources</a>
<header class="bar">
<h1>BEC emulator</h1>
<div class="group"><label for="account">Account</label><select id="account"></select></div>
<div class="group" role="group" aria-labelledby="clock-label">
<span id="clock-label" class="muted">Virtual clock</span><output id="clock-now" class="now" aria-live="off">…</output>
<span id="clock-mode" class="muted"></span>
<button type="button" data-advance="1000">+1 s</button><button type="button" data-advance="10000">+10 s</button>
<button type="button" data-advance="60000">+1 min</button><button type="button" data-advance="3600000">+1 h</button>
<form id="advance-form" class="group"><label for="advance-ms" class="sr-only">Advance the clock by milliseconds</label>
<input id="advance-ms" type="number" min="0" step="1" placeholder="ms" inputmode="numeric"><button type="submit">Advance</button></form>
</div>
<div class="group" id="live"><span class="dot" aria-hidden="true"></span><span id="updated" class="muted">Connecting…</span>
<button type="button" id="pause" aria-pressed="false">Pause updates</button></div>
<div class="group"><button type="button" id="reset" class="danger" aria-expanded="false" aria-controls="reset-confirm">Reset…</button>
<span id="reset-confirm" class="group" hidden><label><input type="checkbox" id="reset-faults"> also fault rules</label>
<button type="button" id="reset-yes" class="danger">Clear state and journal</button><button type="button" id="reset-no">Cancel</button></span></div>
</header>
<div id="announce" class="sr-only" aria-live="polite" aria-atomic="false"></div>
<div id="error" role="alert"></div>
<main>
<section class="card" id="resources" aria-labelledby="resources-h"><h2 id="resources-h">Resources</h2><div id="resource-groups"></div></section>
<section class="card" id="inspector" aria-labelledby="inspector-h"><h2 id="inspector-h" tabindex="-1">Details</h2>
<div id="detail"><p class="empty">Choose a resource or a request to see it here.</p></div></section>
<section class="card" id="requests" aria-labelledby="requests-h"><h2 id="requests-h">Requests</h2>
<form id="journal-filter" class="row" role="search" aria-label="Filter requests">
<label>Operation<input id="f-operation" list="operations" autocomplete="off" placeholder="any"></label>
<label>Status<select id="f-status"><option value="">any</option><option value="2xx">2xx</option><option value="4xx">4xx</option>
<option value="5xx">5xx</option><option value="error">errors</option><option value="dropped">dropped (no answer)</option></select></label>
<label>Resource<input id="f-resource" autocomplete="off" placeholder="id or name"></label>
<label class="group"><span>This account only</span><input type="checkbox" id="f-account"></label>
<button type="button" id="f-clear">Clear filters</button></form>
<div id="journal"></div></section>
<section class="card" id="faults" aria-labelledby="faults-h"><h2 id="faults-h">Fault rules</h2><div id="fault-list"></div>
<h3>Add a rule</h3>
<form id="fault-form" class="row" aria-describedby="fault-msg">
<label>Operation<input id="fa-operation" list="operations" autocomplete="off" placeholder="any"></label>
<label>Path<input id="fa-path" placeholder="any, e.g. /v1/vm/*"></label>
<label>Method<select id="fa-method"><option value="">any</option><option>GET</option><option>POST</option><option>PUT</option><option>DELETE</option></select></label>
<label>Action<select id="fa-action"><option value="error">error</option><option value="latency">latency</option><option value="reset">reset</option><option value="stall">stall</option></select></label>
<label>Status<input id="fa-status" type="number" min="400" max="599" value="503"></label>
<label>Code<input id="fa-code" placeholder="default"></label>
<label>Latency (ms)<input id="fa-latency" type="number" min="0" max="600000" value="1000"></label>
<label>Times<input id="fa-count" type="number" min="0" placeholder="always"></label>
<label>Phase<select id="fa-phase"><option value="before">before handling</option><option value="after">after handling</option></select></label>
<button type="submit" class="primary">Add rule</button></form>
<p id="fault-msg" class="status-msg" role="status"></p></section>
</main>
<datalist id="operations"></datalist>`;

let page: string | undefined;

/** The dashboard: one self-contained page, no external assets. */
export function dashboardPage(): string {
  page ??= `${HEAD}${BODY}<script>${SCRIPT}</script></body></html>`;
  return page;
}

/** A page that says why the dashboard was refused; it holds no data. */
export function refusalPage(message: string): string {
  const text = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `${HEAD}<body><main class="refused" role="main"><h1>BEC emulator dashboard</h1><p>${text}</p></main><script>${RETRY_SCRIPT}</script></body></html>`;
}
