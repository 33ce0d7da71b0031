import {
  BceCredentialsError,
  BceWaiterError,
  BecClient,
  type BecClientOptions,
  type Credentials,
  type CredentialsProvider,
  cachedProvider,
  DEFAULTS,
  defaultProvider,
  type Logger,
  type RequestOptions,
} from 'bec-sdk';
import { callByName, type OperationSpec, paginateByName } from 'bec-sdk/spec';
import { CaptureTransport, formatHttp } from './dry-run.js';
import { EXIT } from './errors.js';
import type { CliIo } from './io.js';
import { noticeLogger, slowCallNotice } from './notices.js';
import { applyQuery, formatJson, formatOutput, type OutputFormat } from './output.js';
import { WaitProgress } from './progress.js';
import { colorEnabled, type Painter, painter, spinnerFrames } from './terminal.js';
import { waitPlan } from './waits.js';

export interface GlobalOptions {
  endpoint?: string;
  profile?: string;
  output?: OutputFormat;
  query?: string;
  timeout?: number;
  debug?: boolean;
  dryRun?: boolean;
  quiet?: boolean;
}

const envOf = (io: CliIo): NodeJS.ProcessEnv => io.env ?? process.env;

export function outputFormat(g: GlobalOptions, io: CliIo): OutputFormat {
  return g.output ?? (io.stdoutIsTTY ? 'table' : 'json');
}

export const stdoutPainter = (io: CliIo): Painter => painter(colorEnabled(envOf(io), io.stdoutIsTTY));
export const stderrPainter = (io: CliIo): Painter => painter(colorEnabled(envOf(io), io.stderrIsTTY));

function stderrLogger(io: CliIo): Logger {
  const line =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      io.stderr(`bec-sdk ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`);
  return { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

const PLACEHOLDER_CREDENTIALS: Credentials = {
  accessKeyId: 'dry-run-access-key-id',
  secretAccessKey: 'dry-run-secret-access-key',
};

function makeClient(g: GlobalOptions, io: CliIo, capture: CaptureTransport | undefined): BecClient {
  const chain = cachedProvider(defaultProvider({ profile: g.profile, env: envOf(io) }));
  let credentials: CredentialsProvider = chain;
  if (capture) {
    // A dry run shows what would be signed; without credentials it still shows the request.
    credentials = async () => {
      try {
        return await chain();
      } catch (err) {
        if (!(err instanceof BceCredentialsError)) throw err;
        io.stderr('bec: no credentials found; the dry run is signed with placeholder keys\n');
        return PLACEHOLDER_CREDENTIALS;
      }
    };
  }
  const debug = g.debug ? stderrLogger(io) : undefined;
  let client: BecClient | undefined;
  const logger =
    g.quiet || capture
      ? debug
      : noticeLogger(
          io,
          {
            endpoint: () => client?.endpoint.origin ?? g.endpoint ?? '',
            connectTimeoutMs: DEFAULTS.connectTimeoutMs,
            timeoutMs: Math.min(DEFAULTS.timeoutMs, g.timeout ?? Number.POSITIVE_INFINITY),
            attempts: DEFAULTS.maxRetries + 1,
          },
          debug,
        );
  const options: BecClientOptions = {
    credentials,
    ...(g.endpoint ? { endpoint: g.endpoint } : {}),
    ...(logger ? { logger, logLevel: g.debug ? ('trace' as const) : ('debug' as const) } : {}),
    ...(capture ? { transport: capture, maxRetries: 0 } : {}),
  };
  client = new BecClient(options);
  return client;
}

async function callOperation(
  client: BecClient,
  op: OperationSpec,
  path: Readonly<Record<string, string>>,
  input: unknown,
  local: Record<string, unknown>,
  requestOptions: RequestOptions,
): Promise<unknown> {
  if (local.all !== true) return callByName(client, op.name, { path, input }, requestOptions);
  const items: unknown[] = [];
  for await (const item of paginateByName(client, op.name, { path, input }, requestOptions)) items.push(item);
  return items;
}

/** Calls the operation, waits when asked, and prints the result (or, after --wait, the final resource). */
export async function runOperation(
  op: OperationSpec,
  path: Readonly<Record<string, string>>,
  input: unknown,
  local: Record<string, unknown>,
  g: GlobalOptions,
  io: CliIo,
): Promise<void> {
  const capture = g.dryRun ? new CaptureTransport() : undefined;
  const client = makeClient(g, io, capture);
  const format = outputFormat(g, io);
  const print = (value: unknown): void =>
    io.stdout(formatOutput(format, local.all === true ? '' : op.name, applyQuery(value, g.query), stdoutPainter(io)));
  const requestOptions: RequestOptions = {
    ...(g.timeout !== undefined ? { deadlineMs: g.timeout } : {}),
    ...(typeof local.clientToken === 'string' ? { clientToken: local.clientToken } : {}),
  };
  const stopNotice = g.quiet || capture ? () => {} : slowCallNotice(io, `${op.name} (${op.method} ${op.path})`);
  try {
    let result: unknown;
    try {
      result = await callOperation(client, op, path, input, local, requestOptions);
    } finally {
      stopNotice();
    }
    if (capture) {
      const shown = capture.captured;
      if (format === 'json') io.stdout(formatJson(shown.length === 1 ? shown[0] : shown));
      else io.stdout(shown.map(formatHttp).join('\n'));
      if (local.wait === true) io.stderr('bec: --wait skipped: nothing was sent (--dry-run)\n');
      return;
    }
    if (local.wait !== true) return print(result);
    const plan = waitPlan(op.name, { path, input, result });
    if (!plan) {
      io.stderr(`bec: --wait: ${op.name} with these arguments starts nothing to wait for\n`);
      return print(result);
    }
    const finals = await waitFor(client, plan, g, io, print);
    print(finals.length === 1 ? finals[0] : finals);
  } finally {
    client.close();
  }
}

/** A waiter poll in words: the status, and for services how many instances or pods run. */
export function progressText(status: string | undefined, resource: unknown): string {
  if (status === undefined && resource === undefined) return 'gone';
  const r = (resource ?? {}) as Record<string, unknown>;
  for (const [running, total, what] of [
    ['runningInstances', 'totalInstances', 'instances'],
    ['runningPods', 'totalPods', 'pods'],
  ] as const) {
    if (typeof r[running] === 'number' && typeof r[total] === 'number') {
      return `${status ?? '-'}, ${r[running]}/${r[total]} ${what} running`;
    }
  }
  return status ?? '-';
}

/**
 * Runs the plan's waiter for each ID with progress on stderr, and returns the final resources
 * (`{ id, status: 'DELETED' }` for a resource that is gone). A wait that times out prints the
 * last state seen on stdout before its error is reported (exit code {@link EXIT.waitTimeout}).
 */
async function waitFor(
  client: BecClient,
  plan: NonNullable<ReturnType<typeof waitPlan>>,
  g: GlobalOptions,
  io: CliIo,
  print: (value: unknown) => void,
): Promise<unknown[]> {
  const quiet = g.quiet === true;
  const goal = /(Running|Stopped|Deleted|Available)$/.exec(plan.waiter)?.[1]?.toLowerCase() ?? 'ready';
  const progress = new WaitProgress(quiet ? { ...io, stderr: () => {} } : io, goal, plan.ids, {
    tty: io.stderrIsTTY,
    paint: stderrPainter(io),
    frames: spinnerFrames(envOf(io)),
    columns: io.columns,
  });
  const finals: unknown[] = [];
  try {
    for (const id of plan.ids) {
      const final = await client.waitUntil(plan.waiter, id, {
        ...(g.timeout !== undefined ? { maxWaitMs: g.timeout } : {}),
        onProgress: (status, resource) => progress.update(id, progressText(status, resource)),
      });
      finals.push(final ?? { id, status: 'DELETED' });
    }
  } catch (err) {
    const timedOut = err instanceof BceWaiterError && err.reason === 'timeout';
    progress.finish(timedOut ? 'timeout' : 'failed');
    if (err instanceof BceWaiterError && err.lastResource !== undefined) print(err.lastResource);
    if (timedOut)
      io.stderr(`bec: the wait timed out (exit code ${EXIT.waitTimeout}); the last state seen is on stdout\n`);
    throw err;
  }
  progress.finish('done');
  return finals;
}
