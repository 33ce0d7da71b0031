import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminGuard } from '../admin-guard.js';
import { closeAfterAnswer } from '../http-body.js';
import { DASHBOARD_CSP, dashboardPage, refusalPage } from './page.js';

/** Headers of every dashboard answer: no framing, no external sources, no referrer (the URL holds the token), no caching. */
function pageHeaders(body: string): Record<string, string | number> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'content-security-policy': DASHBOARD_CSP,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}

/**
 * `GET /_emulator/ui?token=<admin token>`: the dashboard page. A browser's navigation cannot send
 * an Authorization header, so this one route also takes the token from the query; every other
 * check of the admin guard (Host, Origin, Sec-Fetch-Site) applies unchanged. Without a valid
 * token the answer is a short refusal page that holds no data. Nothing here is logged.
 */
export function serveDashboard(
  guard: AdminGuard,
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
  rawQuery: string,
): void {
  const method = req.method ?? 'GET';
  let status = 200;
  let body: string;
  const extra: Record<string, string> = {};
  if (method !== 'GET' && method !== 'HEAD') {
    status = 405;
    extra.allow = 'GET, HEAD';
    body = refusalPage('The dashboard page is read with GET.');
  } else {
    const token = new URLSearchParams(rawQuery).get('token');
    const headers =
      token !== null && req.headers.authorization === undefined
        ? { ...req.headers, authorization: `Bearer ${token}` }
        : req.headers;
    const refusal = guard.check('GET', headers, port);
    if (refusal) {
      status = refusal.status;
      Object.assign(extra, refusal.headers);
      body = refusalPage(
        refusal.status === 401
          ? 'This dashboard needs the admin token. Open the dashboard URL the emulator printed when it started (…/_emulator/ui?token=…).'
          : refusal.message,
      );
    } else body = dashboardPage();
  }
  if (status !== 200) closeAfterAnswer(req, res);
  res.writeHead(status, { ...pageHeaders(body), ...extra });
  res.end(method === 'HEAD' ? undefined : body);
}
