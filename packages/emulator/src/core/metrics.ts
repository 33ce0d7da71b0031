import type { ServiceMetricsResult } from 'bec-sdk';
import { badRequest } from '../errors.js';
import type { HandlerContext } from './handler.js';

export interface SeriesQuery {
  metricsType?: string | undefined;
  start?: number | undefined;
  end?: number | undefined;
  stepInMin?: number | undefined;
}

const MAX_POINTS = 10_000;

/** Stable 32-bit hash of a string (FNV-1a), to make each resource's series reproducible. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Typical magnitude per metric type (percent, Mbps, bytes, requests, ms). */
function scale(metricsType: string): number {
  if (metricsType === 'CPU' || metricsType === 'MEMORY') return 100;
  if (metricsType.startsWith('REQUEST_DELAY')) return 50;
  if (metricsType.startsWith('REQUEST')) return 1000;
  if (metricsType.startsWith('TRAFFIC')) return 1_000_000;
  return 200;
}

/**
 * A well-formed monitoring series for one resource: points every `stepInMin` minutes (default 1)
 * from `start` to `end` (Unix seconds; default the last hour of virtual time), values that are
 * the same for the same resource, type and time, and max/avg/total over them.
 */
export function metricSeries(ctx: HandlerContext, resourceId: string, query: SeriesQuery): ServiceMetricsResult {
  const metricsType = (query.metricsType || 'CPU').toUpperCase();
  const nowSec = Math.floor(ctx.clock.now() / 1000);
  const end = query.end || nowSec;
  const start = query.start || end - 3600;
  const step = (query.stepInMin || 1) * 60;
  if (start < 0 || end < 0) throw badRequest('Invalid start/end: must be Unix timestamps in seconds.');
  if (start > end) throw badRequest('Invalid start: must not be after end.');
  if (step <= 0) throw badRequest('Invalid stepInMin: must be at least 1.');
  if ((end - start) / step > MAX_POINTS)
    throw badRequest(`Invalid window: more than ${MAX_POINTS} points; use a larger stepInMin.`);
  const seed = hash(`${resourceId}/${metricsType}`);
  const size = scale(metricsType);
  const metrics: Array<{ timeInSecond: number; value: number }> = [];
  const first = Math.ceil(start / step) * step;
  for (let t = first; t <= end; t += step) {
    const wave = (Math.sin((t / 3600 + (seed % 100) / 10) * Math.PI) + 1) / 2;
    const jitter = (hash(`${seed}:${t}`) % 1000) / 1000;
    metrics.push({ timeInSecond: t, value: Math.round(size * (0.15 + 0.6 * wave + 0.25 * jitter) * 100) / 100 });
  }
  const values = metrics.map((m) => m.value);
  const totalValue = Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
  return {
    metrics,
    maxValue: values.length ? Math.max(...values) : 0,
    avgValue: values.length ? Math.round((totalValue / values.length) * 100) / 100 : 0,
    totalValue,
  };
}
