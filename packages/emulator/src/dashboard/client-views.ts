/**
 * The dashboard's script, part 2: the resource tables, the request journal, the fault rules and
 * the details panel. Every server string goes in through `h` (textContent), never as HTML.
 */
export const CLIENT_VIEWS = `
var KIND_LABELS = {
  vmService: 'VM services', vmInstance: 'VM instances', vmImage: 'VM images', deploySet: 'Deploy sets',
  blb: 'Load balancers', blbListener: 'Load balancer listeners', blbBinding: 'Load balancer bindings',
  appBlb: 'Application load balancers', containerService: 'Container services', deployment: 'Deployments', pod: 'Pods'
};

function kindLabel(kind) { return KIND_LABELS[kind] || kind; }

function table(caption, heads, rows) {
  return h('div', { className: 'scroll' }, [h('table', {}, [
    h('caption', { className: 'sr-only', text: caption }),
    h('thead', {}, [h('tr', {}, heads.map(function (t) { return h('th', { scope: 'col', text: t }); }))]),
    h('tbody', {}, rows)
  ])]);
}

function noteStatusChanges(groups) {
  var now = {};
  groups.forEach(function (g) {
    g.items.forEach(function (r) { now[g.kind + '/' + r.id] = { status: r.status || '', name: r.name || r.id }; });
  });
  var before = state.statuses;
  state.statuses = now;
  if (!before) return;
  var said = 0;
  Object.keys(now).forEach(function (k) {
    var b = before[k], n = now[k];
    if (said >= 3) return;
    if (!b) { announce(n.name + ' created' + (n.status ? ', ' + n.status : '')); said++; }
    else if (b.status !== n.status) { announce(n.name + ' is now ' + n.status); said++; }
  });
  Object.keys(before).forEach(function (k) {
    if (!now[k] && said < 3) { announce(before[k].name + ' deleted'); said++; }
  });
}

function resourceRow(kind, r) {
  var sel = state.selected && state.selected.type === 'resource' && state.selected.kind === kind && state.selected.id === r.id;
  var target = { type: 'resource', account: state.account, kind: kind, id: r.id };
  var status = h('td', { className: 'nowrap' }, [
    r.status ? h('span', { className: badgeClass(r.status), text: r.status }) : h('span', { className: 'muted', text: '—' }),
    r.next ? h('span', { className: 'next', text: '→ ' + r.next + (r.due === 'manual' ? ' (manual)' : ' at ' + vtime(r.due)) }) : null
  ]);
  return h('tr', { className: sel ? 'sel' : null }, [
    h('td', {}, [h('button', {
      type: 'button', className: 'link', 'data-key': 'r:' + kind + '/' + r.id,
      'aria-label': 'Show ' + (r.name || r.id) + ' (' + r.id + ')', text: r.name || r.id,
      onclick: function () { openResource(target, true); }
    })]),
    h('td', { className: 'mono', text: r.id }),
    status,
    h('td', { className: 'nowrap', text: r.region || '' }),
    h('td', { className: 'time', text: vtime(r.created) }),
    h('td', { className: 'time', text: vtime(r.updated) })
  ]);
}

function renderResources(data) {
  noteStatusChanges(data.groups);
  if (!changed('resources', [data.account, data.groups, state.selected])) return;
  if (!data.groups.length) {
    replace($('resource-groups'), [h('p', { className: 'empty', text: 'No resources in this account yet. Create some with the SDK or the bec command; they appear here.' })]);
    return;
  }
  replace($('resource-groups'), data.groups.map(function (g) {
    var title = kindLabel(g.kind) + ' (' + g.items.length + ')';
    return h('div', {}, [
      h('h3', { text: title }),
      table(kindLabel(g.kind), ['Name', 'ID', 'Status', 'Region', 'Created', 'Updated'],
        g.items.map(function (r) { return resourceRow(g.kind, r); }))
    ]);
  }));
}

function requestRow(e) {
  var sel = state.selected && state.selected.type === 'request' && state.selected.seq === e.seq;
  var label = e.operation || (e.method + ' ' + e.path);
  return h('tr', { className: sel ? 'sel' : null }, [
    h('td', { className: 'mono', text: String(e.time).slice(11, 23) }),
    h('td', {}, [
      h('button', { type: 'button', className: 'link', 'data-key': 'j:' + e.seq, text: label,
        'aria-label': 'Open request ' + label + ', status ' + (e.status || 'dropped'),
        onclick: function () { openRequest(e.seq, true); } }),
      e.fault ? h('span', { className: 'tag', text: 'fault' }) : null,
      e.replayed ? h('span', { className: 'tag', text: 'replayed' }) : null
    ]),
    h('td', {}, [statusBadge(e.status), e.code ? h('span', { className: 'next', text: e.code }) : null]),
    h('td', { className: 'num', text: e.durationMs + ' ms' }),
    h('td', { className: 'mono', text: e.requestId })
  ]);
}

function renderJournal(entries) {
  if (!changed('journal', [entries.length && entries[entries.length - 1].seq, entries.length, state.selected, journalQuery()])) return;
  if (!entries.length) {
    replace($('journal'), [h('p', { className: 'empty', text: 'No requests match.' })]);
    return;
  }
  var rows = entries.slice().reverse().map(requestRow);
  replace($('journal'), [table('Requests, newest first', ['Time', 'Operation', 'Status', 'Latency', 'Request ID'], rows)]);
}

function describeRule(f) {
  var what = [f.operation, f.method, f.path, f.account].filter(Boolean).join(' ') || 'every request';
  var action = f.action === 'error' ? 'error ' + f.status + (f.code ? ' ' + f.code : '')
    : f.action === 'latency' ? 'latency ' + f.latencyMs + ' ms' : f.action;
  return { what: what, action: action + (f.phase === 'after' ? ' (after handling)' : '') };
}

function renderFaults(data) {
  if (!changed('faults', data.rules)) return;
  if (!data.rules.length) {
    replace($('fault-list'), [h('p', { className: 'empty', text: 'No fault rules: every request is handled normally.' })]);
    return;
  }
  var rows = data.rules.map(function (f) {
    var d = describeRule(f);
    return h('tr', {}, [
      h('td', { className: 'mono', text: f.id }), h('td', { text: d.what }), h('td', { text: d.action }),
      h('td', { className: 'num', text: f.fired }), h('td', { className: 'num', text: f.count === undefined ? '∞' : f.count }),
      h('td', {}, [h('button', { type: 'button', 'data-key': 'f:' + f.id, 'aria-label': 'Remove fault rule ' + f.id, text: 'Remove',
        onclick: function () { removeFault(f.id); } })])
    ]);
  });
  replace($('fault-list'), [
    table('Fault rules', ['ID', 'Matches', 'Action', 'Fired', 'Left', ''], rows),
    h('p', {}, [h('button', { type: 'button', className: 'danger', 'data-key': 'f:*', text: 'Remove all rules', onclick: function () { removeFault(null); } })])
  ]);
}

function closeDetail() {
  state.sigs.detail = null;
  replace($('detail'), [h('p', { className: 'empty', text: 'Choose a resource or a request to see it here.' })]);
}

function showDetail(nodes, focus) {
  replace($('detail'), nodes);
  if (focus) $('inspector-h').focus();
}

function historyItem(ev) {
  var what = ev.event === 'deleted' ? 'deleted' : (ev.event === 'created' ? 'created' : 'changed') + (ev.status ? ' · ' + ev.status : '');
  return h('li', {}, [
    h('span', { className: 'mono', text: vtime(ev.at) }), ' ', h('span', { text: what }),
    ev.next ? h('span', { className: 'next', text: '(next: ' + ev.next + ' at ' + vtime(ev.due) + ')' }) : null
  ]);
}

function openResource(target, byUser) {
  state.selected = target;
  var q = 'resource?account=' + encodeURIComponent(target.account) + '&kind=' + encodeURIComponent(target.kind) + '&id=' + encodeURIComponent(target.id);
  return api('GET', q).then(function (d) {
    if (!byUser && !changed('detail', d)) return;
    state.sigs.detail = JSON.stringify(d);
    var name = (d.record && (d.record.name || d.record.serviceName || d.record.vmName)) || d.id;
    var p = d.pending;
    showDetail([
      h('h3', { text: kindLabel(d.kind) }),
      h('h4', {}, [h('span', { text: String(name) + ' ' }), d.record && d.record.status ? h('span', { className: badgeClass(d.record.status), text: d.record.status }) : null]),
      h('dl', { className: 'kv' }, [h('dt', { text: 'ID' }), h('dd', { text: d.id }), h('dt', { text: 'Account' }), h('dd', { text: d.account })]),
      !d.record ? h('p', { className: 'muted', text: 'This resource has been deleted.' }) : null,
      p ? h('p', { className: 'muted', text: 'Next: ' + p.next + (p.due === 'manual' ? ', waiting for a manual completion' : ' at ' + vtime(p.due) + ' UTC (virtual)') }) : null,
      h('p', {}, [h('button', { type: 'button', text: 'Show its requests', onclick: function () { $('f-resource').value = d.id; refresh(); $('requests-h').scrollIntoView(); } })]),
      h('h4', { text: 'Lifecycle history' }),
      d.history.length ? h('ol', { className: 'history' }, d.history.map(historyItem)) : h('p', { className: 'empty', text: 'No events kept.' }),
      h('h4', { text: 'JSON' }),
      h('pre', { tabindex: '0', 'aria-label': 'Resource JSON', text: JSON.stringify(d.record, null, 2) })
    ], byUser);
    if (byUser) state.sigs.resources = null;
  }).catch(function (err) {
    if (err.status === 404) { state.selected = null; closeDetail(); } else failed(err);
  });
}

function pretty(text) {
  if (!text) return '(empty)';
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
}

function kv(obj) {
  var items = [];
  Object.keys(obj || {}).forEach(function (k) { items.push(h('dt', { text: k }), h('dd', { text: obj[k] })); });
  return items.length ? h('dl', { className: 'kv' }, items) : h('p', { className: 'muted', text: 'none' });
}

function openRequest(seq, byUser) {
  state.selected = { type: 'request', seq: seq };
  state.sigs.resources = null;
  return api('GET', 'journal/' + seq).then(function (d) {
    var req = d.request || { query: [], headers: {}, body: '' }, res = d.response || { headers: {}, body: '' };
    var query = req.query.map(function (p) { return p[0] + '=' + p[1]; }).join('&');
    showDetail([
      h('h3', { text: 'Request' }),
      h('h4', {}, [h('span', { text: (d.operation || 'No operation') + ' ' }), statusBadge(d.status)]),
      h('dl', { className: 'kv' }, [
        h('dt', { text: 'Request ID' }), h('dd', { text: d.requestId }), h('dt', { text: 'Account' }), h('dd', { text: d.account || '—' }),
        h('dt', { text: 'Time' }), h('dd', { text: d.time }), h('dt', { text: 'Latency' }), h('dd', { text: d.durationMs + ' ms' }),
        d.fault ? h('dt', { text: 'Fault' }) : null, d.fault ? h('dd', { text: d.fault }) : null
      ]),
      h('h4', { text: 'Request' }),
      h('pre', { tabindex: '0', text: d.method + ' ' + d.path + (query ? '?' + query : '') }),
      h('h4', { text: 'Request headers' }), kv(req.headers),
      h('h4', { text: 'Request body' }), h('pre', { tabindex: '0', text: pretty(req.body) }),
      h('h4', { text: 'Response' + (res.note ? ': ' + res.note : '') }), kv(res.headers),
      h('h4', { text: 'Response body' }), h('pre', { tabindex: '0', text: pretty(res.body) }),
      d.truncated ? h('p', { className: 'muted', text: 'Long bodies are cut: the journal keeps the first 8 KB of each.' }) : null,
      h('p', { className: 'muted', text: 'Secrets (keys, tokens, passwords, signatures) are replaced by [redacted].' })
    ], byUser);
  }).catch(function (err) {
    if (err.status === 404) showDetail([h('p', { className: 'empty', text: 'This request is no longer kept in the journal.' })], byUser);
    else failed(err);
  });
}
`;
