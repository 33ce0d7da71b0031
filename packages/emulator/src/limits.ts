/**
 * The emulator's protective limits: HTTP (body size, timeouts, connections) and request content
 * (BEC-like quotas and ranges). Every value is an option of `startEmulator({ limits })` and of the
 * command line; the defaults and why they were chosen are listed in the README.
 */
export interface HttpLimits {
  /** Largest request body; checked from Content-Length before reading, and counted while reading. @default 1 MiB */
  maxBodyBytes: number;
  /** Time allowed to receive a request's headers (also: a connection that sends nothing is closed after it). @default 10 s */
  headersTimeoutMs: number;
  /** Time allowed to receive a whole request, body included. @default 30 s */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long without a new request. @default 15 s */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are closed as soon as they are accepted. @default 512 */
  maxConnections: number;
}

export interface InputLimits {
  /** `replicas` of one edge node (one `deployInstances` entry or one deployment). @default 500 */
  maxReplicas: number;
  /** Instances (or pods) one request may create: the sum of its `replicas`. @default 1000 */
  maxInstancesPerRequest: number;
  /** Entries in one `deployInstances` list. @default 100 */
  maxDeployInstances: number;
  /** Characters of a name (`name` and every `...Name` field) and of `hostname`. @default 65 */
  maxNameLength: number;
  /** Characters of a description (`desc`, `description`). @default 200 */
  maxDescriptionLength: number;
  /** Characters of any other string field (userData is the largest). @default 65536 */
  maxStringLength: number;
  /** Items of any list in a request body. @default 1000 */
  maxListLength: number;
  /** `cpu` (cores) of an instance or container. @default 256 */
  maxCpu: number;
  /** `memory`/`mem` (GB) of an instance or container. @default 2048 */
  maxMemoryGb: number;
}

export type EmulatorLimits = HttpLimits & InputLimits;

export const DEFAULT_LIMITS: Readonly<EmulatorLimits> = Object.freeze({
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 15_000,
  maxConnections: 512,
  maxReplicas: 500,
  maxInstancesPerRequest: 1000,
  maxDeployInstances: 100,
  maxNameLength: 65,
  maxDescriptionLength: 200,
  maxStringLength: 65_536,
  maxListLength: 1000,
  maxCpu: 256,
  maxMemoryGb: 2048,
});

/** The largest value any limit may take (timeouts stay below setTimeout's 2^31 - 1 ms). */
const MAX_LIMIT = 2 ** 31 - 1;

/** The defaults with `given` applied, each value checked (TypeError naming the option when invalid). */
export function resolveLimits(given: Partial<EmulatorLimits> = {}): EmulatorLimits {
  if (!given || typeof given !== 'object') throw new TypeError('limits must be an object');
  const out: EmulatorLimits = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(given)) {
    if (!(name in DEFAULT_LIMITS)) throw new TypeError(`limits.${name} is not a known limit`);
    if (value === undefined) continue;
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_LIMIT) {
      throw new TypeError(`limits.${name} must be an integer from 1 to ${MAX_LIMIT}`);
    }
    out[name as keyof EmulatorLimits] = value as number;
  }
  if (out.headersTimeoutMs > out.requestTimeoutMs) {
    throw new TypeError('limits.headersTimeoutMs must not be larger than limits.requestTimeoutMs');
  }
  return out;
}
