import { badRequest, limitExceeded } from './errors.js';
import type { InputLimits } from './limits.js';

/** Nesting deeper than this is refused (no BEC input nests more than a few levels). */
const MAX_DEPTH = 32;

const DESCRIPTION_KEYS = new Set(['desc', 'description']);
const CPU_KEYS = new Set(['cpu']);
const MEMORY_KEYS = new Set(['memory', 'mem']);

function isNameKey(key: string): boolean {
  return key === 'name' || key === 'hostname' || (key.endsWith('Name') && key.length > 4);
}

/**
 * BEC-like limits on a decoded request, checked before any handler runs (so a hostile request is
 * refused in time proportional to its size, never to what it asks for):
 * - quotas, 413 `LimitExceeded`: `replicas` per node, instances per request (sum of `replicas`),
 *   entries of `deployInstances`;
 * - ranges and sizes, 400 `BadRequest`: names, descriptions and other strings, list lengths,
 *   `cpu`, `memory`/`mem`, nesting.
 */
export function checkInputLimits(input: unknown, limits: InputLimits): void {
  let replicasTotal = 0;
  const visit = (value: unknown, key: string, at: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw badRequest(`Invalid ${at || 'body'}: nested more than ${MAX_DEPTH} levels.`);
    if (typeof value === 'string') {
      const max = isNameKey(key)
        ? limits.maxNameLength
        : DESCRIPTION_KEYS.has(key)
          ? limits.maxDescriptionLength
          : limits.maxStringLength;
      if (value.length > max) throw badRequest(`Invalid ${at}: at most ${max} characters (got ${value.length}).`);
      return;
    }
    if (typeof value === 'number') {
      if (key === 'replicas') {
        if (value > limits.maxReplicas) {
          throw limitExceeded(`${at}: at most ${limits.maxReplicas} replicas per edge node (asked for ${value}).`);
        }
        if (value > 0) replicasTotal += value;
      } else if (CPU_KEYS.has(key) && (value < 0 || value > limits.maxCpu)) {
        throw badRequest(`Invalid ${at}: cpu must be from 1 to ${limits.maxCpu} cores (got ${value}).`);
      } else if (MEMORY_KEYS.has(key) && (value < 0 || value > limits.maxMemoryGb)) {
        throw badRequest(`Invalid ${at}: memory must be from 1 to ${limits.maxMemoryGb} GB (got ${value}).`);
      }
      return;
    }
    if (Array.isArray(value)) {
      if (key === 'deployInstances' && value.length > limits.maxDeployInstances) {
        throw limitExceeded(`${at}: at most ${limits.maxDeployInstances} entries (got ${value.length}).`);
      }
      if (value.length > limits.maxListLength) {
        throw badRequest(`Invalid ${at || 'body'}: at most ${limits.maxListLength} items (got ${value.length}).`);
      }
      for (let i = 0; i < value.length; i++) visit(value[i], key, `${at}[${i}]`, depth + 1);
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k, at ? `${at}.${k}` : k, depth + 1);
    }
  };
  visit(input, '', '', 0);
  if (replicasTotal > limits.maxInstancesPerRequest) {
    throw limitExceeded(
      `One request may create at most ${limits.maxInstancesPerRequest} instances (the replicas add up to ${replicasTotal}).`,
    );
  }
}
