/**
 * The dashboard's script, part 1: the token, DOM helpers, admin API calls, polling, the clock,
 * reset and fault rules. Plain browser JavaScript kept as text (no build step at run time).
 * Server-provided text only ever reaches the page through textContent (see `h`), never as HTML.
 */
export const CLIENT_CORE = String.raw`
var BASE = '/_emulator/';
var POLL_MS = 1500;
var state = { account: null, paused: false, selected: null, statuses: null, sigs: {}, busy: false, again: false, token: null };

function takeToken() {
  var url = new URL(location.href);
  var fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    try { sessionStorage.setItem(TOKEN_KEY, fromUrl); } catch (e) { /* private mode: kept in memory only */ }
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
}

function $(id) { return document.getElementById(id); }

/** An element with properties and children; strings become text nodes (never markup). */
function h(tag, props, children) {
  var el = document.createElement(tag);
  var p = props || {};
  Object.keys(p).forEach(function (k) {
    var v = p[k];
    if (v === undefined || v === null || v === false) return;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'className') el.className = v;
    else if (k === 'onclick') el.addEventListener('click', v);
    else el.setAttribute(k, String(v));
  });
  (children || []).forEach(function (c) {
    if (c === null || c === undefined || c === false) return;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  });
  return el;
}

/** Replaces a region's content, keeping keyboard focus on the same control when it is redrawn. */
function replace(region, nodes) {
  var active = document.activeElement;
  var key = active && region.contains(active) ? active.getAttribute('data-key') : null;
  region.replaceChildren.apply(region, nodes.filter(function (n) { return n !== null && n !== undefined && n !== false; }));
  if (key) {
    var again = Array.prototype.find.call(region.querySelectorAll('[data-key]'), function (el) {
      return el.getAttribute('data-key') === key;
    });
    if (again) again.focus();
  }
}

function changed(name, value) {
  var sig = JSON.stringify(value);
  if (state.sigs[name] === sig) return false;
  state.sigs[name] = sig;
  return true;
}

function api(method, path, body) {
  var init = { method: method, headers: { authorization: 'Bearer ' + state.token }, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
  return fetch(BASE + path, init).then(function (res) {
    return res.text().then(function (text) {
      var data = null;
      try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
      if (!res.ok) {
        var err = new Error((data && data.message) || ('HTTP ' + res.status));
        err.status = res.status;
        throw err;
      }
      return data;
    });
  });
}

function showError(text) { if ($('error').textContent !== text) $('error').textContent = text; }

function failed(err) {
  if (err && err.status === 401) showError('The admin token was refused (did the emulator restart?). Open the dashboard URL it printed at start.');
  else if (err && err.status) showError('The emulator answered: ' + err.message);
  else showError('The emulator is not reachable. Is it still running?');
}

function announce(text) {
  var region = $('announce');
  region.appendChild(h('p', { text: text }));
  while (region.childNodes.length > 5) region.removeChild(region.firstChild);
}

function vtime(iso) {
  if (!iso) return '';
  return String(iso).replace('T', ' ').replace(/\.000Z$|Z$/, '').replace(/(\.\d{3})\d*$/, '$1');
}

function badgeClass(status) {
  var s = String(status || '').toUpperCase();
  if (/^(RUNNING|ACTIVE|AVAILABLE|NORMAL|SUCCESS|SUCCEEDED|READY|BOUND|ENABLED)$/.test(s)) return 'badge ok';
  if (/(ING|PENDING|WAITING|CREATED|QUEUED)$/.test(s)) return 'badge busy';
  if (/(ERROR|FAIL|FAILED|ABNORMAL|EXPIRED|UNKNOWN)/.test(s)) return 'badge bad';
  return 'badge';
}

function statusBadge(code) {
  var cls = code === 0 ? 'badge bad' : code >= 500 ? 'badge bad' : code >= 400 ? 'badge busy' : 'badge ok';
  return h('span', { className: cls, text: code === 0 ? 'dropped' : code });
}

function journalQuery() {
  var q = new URLSearchParams();
  var op = $('f-operation').value.trim(), st = $('f-status').value, res = $('f-resource').value.trim();
  if (op) q.set('operation', op);
  if (st) q.set('status', st);
  if (res) q.set('resource', res);
  if ($('f-account').checked && state.account) q.set('account', state.account);
  q.set('limit', '200');
  return 'journal?' + q.toString();
}

function refresh() {
  if (state.busy) { state.again = true; return Promise.resolve(); }
  state.busy = true;
  state.again = false;
  var q = 'resources' + (state.account ? '?account=' + encodeURIComponent(state.account) : '');
  return Promise.all([api('GET', q), api('GET', journalQuery()), api('GET', 'faults')])
    .then(function (r) {
      showError('');
      renderAccounts(r[0]);
      renderClock(r[0].clock);
      renderResources(r[0]);
      renderJournal(r[1]);
      renderFaults(r[2]);
      $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      if (state.selected && state.selected.type === 'resource') return openResource(state.selected, false);
      return undefined;
    })
    .catch(failed)
    .then(function () { state.busy = false; if (state.again) refresh(); });
}

function renderAccounts(data) {
  state.account = data.account;
  if (!changed('accounts', data.accounts)) return;
  replace($('account'), data.accounts.map(function (a) {
    return h('option', { value: a, text: a, selected: a === data.account ? 'selected' : null });
  }));
  $('account').value = data.account;
}

function renderClock(clock) {
  $('clock-now').textContent = vtime(clock.iso) + ' UTC';
  $('clock-mode').textContent = clock.mode;
}

function advance(ms) {
  return api('POST', 'clock/advance', { ms: ms })
    .then(function (r) { announce('Virtual clock advanced to ' + vtime(r.iso) + ' UTC'); return refresh(); })
    .catch(failed);
}

function faultRule() {
  var rule = { action: $('fa-action').value, phase: $('fa-phase').value };
  var text = function (id, key) { var v = $(id).value.trim(); if (v) rule[key] = v; };
  var num = function (id, key) { var v = $(id).value.trim(); if (v !== '') rule[key] = Number(v); };
  text('fa-operation', 'operation'); text('fa-path', 'path'); text('fa-method', 'method');
  if (rule.action === 'error') { num('fa-status', 'status'); text('fa-code', 'code'); }
  if (rule.action === 'latency') num('fa-latency', 'latencyMs');
  num('fa-count', 'count');
  return rule;
}

function syncFaultForm() {
  var action = $('fa-action').value;
  [['fa-status', 'error'], ['fa-code', 'error'], ['fa-latency', 'latency']].forEach(function (p) {
    $(p[0]).parentElement.hidden = action !== p[1];
  });
}

function removeFault(id) {
  return api('DELETE', id === null ? 'faults' : 'faults/' + encodeURIComponent(id))
    .then(function () { $('fault-msg').textContent = id === null ? 'Removed every fault rule.' : 'Removed ' + id + '.'; return refresh(); })
    .catch(function (err) { $('fault-msg').textContent = err.message; });
}

function bind() {
  document.querySelectorAll('[data-advance]').forEach(function (b) {
    b.addEventListener('click', function () { advance(Number(b.getAttribute('data-advance'))); });
  });
  $('advance-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var v = $('advance-ms').value.trim();
    if (v !== '') advance(Number(v));
  });
  $('account').addEventListener('change', function () {
    state.account = $('account').value; state.statuses = null; state.sigs = {}; refresh();
  });
  $('pause').addEventListener('click', function () {
    state.paused = !state.paused;
    $('pause').setAttribute('aria-pressed', String(state.paused));
    $('pause').textContent = state.paused ? 'Resume updates' : 'Pause updates';
    $('live').classList.toggle('paused', state.paused);
    if (!state.paused) refresh();
  });
  var confirmBox = $('reset-confirm');
  var showConfirm = function (on) {
    confirmBox.hidden = !on; $('reset').setAttribute('aria-expanded', String(on));
    (on ? $('reset-no') : $('reset')).focus();
  };
  $('reset').addEventListener('click', function () { showConfirm(confirmBox.hidden); });
  $('reset-no').addEventListener('click', function () { showConfirm(false); });
  $('reset-yes').addEventListener('click', function () {
    api('POST', 'reset', $('reset-faults').checked ? { faults: true } : {})
      .then(function () { showConfirm(false); state.selected = null; closeDetail(); announce('The emulator was reset.'); return refresh(); })
      .catch(failed);
  });
  $('fault-form').addEventListener('submit', function (e) {
    e.preventDefault();
    api('POST', 'faults', faultRule())
      .then(function (r) { $('fault-msg').textContent = 'Added ' + r.ids.join(', ') + '.'; return refresh(); })
      .catch(function (err) { $('fault-msg').textContent = 'Not added: ' + err.message; });
  });
  $('fa-action').addEventListener('change', syncFaultForm);
  syncFaultForm();
  ['f-operation', 'f-resource'].forEach(function (id) { $(id).addEventListener('input', function () { refresh(); }); });
  ['f-status', 'f-account'].forEach(function (id) { $(id).addEventListener('change', function () { refresh(); }); });
  $('journal-filter').addEventListener('submit', function (e) { e.preventDefault(); refresh(); });
  $('f-clear').addEventListener('click', function () {
    $('f-operation').value = ''; $('f-status').value = ''; $('f-resource').value = ''; $('f-account').checked = false; refresh();
  });
}

function start() {
  state.token = takeToken();
  bind();
  api('GET', 'coverage').then(function (c) {
    replace($('operations'), c.operations.map(function (op) { return h('option', { value: op }); }));
  }).catch(failed);
  refresh();
  setInterval(function () { if (!state.paused && !document.hidden) refresh(); }, POLL_MS);
}
`;
