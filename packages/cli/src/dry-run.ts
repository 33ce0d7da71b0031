import { type HttpRequest, type HttpResponse, redact, type Transport } from 'bec-sdk';

/** A request as `--dry-run` prints it: signed, with secrets replaced by [REDACTED]. */
export interface CapturedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/**
 * A transport that records the fully signed request and sends nothing: it answers every request
 * with an empty 200, so the SDK's pipeline (validation, encoding, signing) runs exactly as it
 * would for a real call. Header and body values whose keys name a secret (Authorization,
 * x-bce-security-token, adminPass, ...) are redacted when captured; no BEC operation puts a
 * secret in the query string.
 */
export class CaptureTransport implements Transport {
  readonly captured: CapturedRequest[] = [];

  async send(request: HttpRequest): Promise<HttpResponse> {
    let body: unknown;
    if (request.body && request.body.length > 0) {
      const text = Buffer.from(request.body).toString('utf8');
      try {
        body = redact(JSON.parse(text));
      } catch {
        body = text;
      }
    }
    this.captured.push({
      method: request.method,
      url: request.url.toString(),
      headers: redact({ ...request.headers }) as Record<string, string>,
      ...(body === undefined ? {} : { body }),
    });
    return { statusCode: 200, headers: { 'x-bce-request-id': 'dry-run' }, body: new Uint8Array() };
  }
}

/** The captured request as HTTP text (for terminals). */
export function formatHttp(request: CapturedRequest): string {
  const lines = [`${request.method} ${request.url}`];
  for (const [k, v] of Object.entries(request.headers)) lines.push(`${k}: ${v}`);
  let text = `${lines.join('\n')}\n`;
  if (request.body !== undefined) text += `\n${JSON.stringify(request.body, null, 2)}\n`;
  return text;
}
