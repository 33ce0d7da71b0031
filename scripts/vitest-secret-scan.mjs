/**
 * Runs the whole vitest suite with every SDK client logging at the most verbose level
 * (BEC_LOG_LEVEL=trace), captures all of its output, and then scans that output for secrets:
 * every secret access key, session token and password literal found in the test sources, and
 * any complete bce-auth-v1 Authorization value. Exits non-zero when the tests fail or a secret
 * shows up. Trace lines go to `.test-output.log` (not to the terminal) to keep CI logs readable.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const logFile = join(root, '.test-output.log');

/** Source files of the tests and of what they start (emulator defaults). */
function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mjs|js)$/.test(name)) yield path;
  }
}

const SECRET_KEYS =
  /(secretAccessKey|secret_access_key|sessionToken|security_token|securityToken|adminPass|password|BCE_SECRET_ACCESS_KEY|BCE_SECURITY_TOKEN)\s*[:=]\s*['"`]([^'"`\s$]{6,})['"`]/g;
const secrets = new Set();
for (const dir of ['packages', 'test', 'examples']) {
  let entries;
  try {
    entries = [...sourceFiles(join(root, dir))];
  } catch {
    continue;
  }
  for (const file of entries) {
    const text = readFileSync(file, 'utf8');
    // Plain lower-case words ("anything") are placeholders that also occur in prose, not secrets.
    for (const match of text.matchAll(SECRET_KEYS)) if (/[^a-z]/.test(match[2])) secrets.add(match[2]);
  }
}
// Values that are placeholders in docs and error texts, not secrets.
for (const harmless of ['[REDACTED]', 'REDACTED', 'password', 'bccKeyPair']) secrets.delete(harmless);
const AUTHORIZATION =
  /bce-auth-v1\/[^/\s"'\\]+\/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\/-?\d+\/[a-z0-9;-]*\/[0-9a-f]{64}/;

/**
 * Colour for vitest by the conventions: FORCE_COLOR decides when set, `0` or `false` meaning off
 * (vitest's colour library treats any non-empty FORCE_COLOR as on, so "off" becomes NO_COLOR);
 * otherwise NO_COLOR (non-empty) turns it off; otherwise none, as the output is piped through here.
 */
function childColourEnv(env) {
  const force = env.FORCE_COLOR;
  const off = force !== undefined ? ['0', 'false'].includes(force.trim().toLowerCase()) : true;
  if (!off) return env;
  const { FORCE_COLOR: _dropped, ...rest } = env;
  return { ...rest, NO_COLOR: rest.NO_COLOR || '1' };
}

const out = createWriteStream(logFile);
const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...process.argv.slice(2)], {
  cwd: root,
  env: childColourEnv({ ...process.env, BEC_LOG_LEVEL: 'trace' }),
  stdio: ['ignore', 'pipe', 'pipe'],
});

let captured = '';
const relay = (stream, target) => {
  let pending = '';
  stream.on('data', (chunk) => {
    const text = chunk.toString('utf8');
    captured += text;
    out.write(text);
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) if (!line.startsWith('bec-sdk ')) target.write(`${line}\n`);
  });
  stream.on('end', () => {
    if (pending && !pending.startsWith('bec-sdk ')) target.write(pending);
  });
};
relay(child.stdout, process.stdout);
relay(child.stderr, process.stderr);

child.on('close', (code) => {
  out.end();
  const traceLines = captured.split('\n').filter((l) => l.startsWith('bec-sdk ')).length;
  const leaks = [];
  for (const secret of secrets)
    if (captured.includes(secret)) leaks.push(`secret literal ${secret.slice(0, 3)}… (${secret.length} chars)`);
  const auth = captured.match(AUTHORIZATION);
  if (auth) leaks.push(`an Authorization value (${auth[0].slice(0, 24)}…)`);
  console.log(
    `\nsecret scan: ${secrets.size} test secrets and Authorization values checked in ${captured.length} bytes of output (${traceLines} trace lines, full log in .test-output.log): ${leaks.length ? 'LEAKS FOUND' : 'none found'}`,
  );
  for (const leak of leaks) console.log(`  leaked: ${leak}`);
  process.exit(code !== 0 ? (code ?? 1) : leaks.length ? 1 : 0);
});
