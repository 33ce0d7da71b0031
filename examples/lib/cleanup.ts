/**
 * Deletes again what an example creates, even when it fails midway: `trackCreations(client)`
 * records the ID of every VM service, container service, load balancer and image created through
 * that client (by the example or by a fixture), and `cleanUp()`, called in the example's
 * `finally`, deletes them newest first and waits until they are gone. A resource the example
 * deleted itself is skipped (404).
 */
import { BceServiceError, type BecClient } from 'bec-sdk';
import { waitOptions } from './fixtures.js';

interface Created {
  readonly what: string;
  readonly remove: () => Promise<unknown>;
}

export interface CreationTracker {
  /** Deletes everything recorded, newest first; a failure is reported and sets a failing exit code. */
  cleanUp(): Promise<void>;
}

type Method = (...args: unknown[]) => Promise<unknown>;

/** Wraps one method of the client so that each successful call records what it created. */
function record(
  bec: BecClient,
  method: string,
  created: Created[],
  onResult: (result: unknown) => Created | undefined,
) {
  const methods = bec as unknown as Record<string, Method>;
  const original = methods[method]!.bind(bec);
  methods[method] = async (...args: unknown[]) => {
    const result = await original(...args);
    const item = onResult(result);
    if (item) created.push(item);
    return result;
  };
}

const field = (value: unknown, ...path: string[]): string | undefined => {
  let v = value;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
};

export function trackCreations(bec: BecClient): CreationTracker {
  const created: Created[] = [];
  const wait = waitOptions();
  record(bec, 'createVmService', created, (r) => {
    const id = field(r, 'details', 'serviceId');
    return id
      ? {
          what: `VM service ${id}`,
          remove: () => bec.deleteVmService(id).then(() => bec.waitUntilVmServiceDeleted(id, wait)),
        }
      : undefined;
  });
  record(bec, 'createService', created, (r) => {
    const id = field(r, 'details', 'serviceId');
    return id
      ? {
          what: `container service ${id}`,
          remove: () => bec.deleteService(id).then(() => bec.waitUntilServiceDeleted(id, wait)),
        }
      : undefined;
  });
  record(bec, 'createBlb', created, (r) => {
    const id = field(r, 'details', 'blbId');
    return id
      ? { what: `load balancer ${id}`, remove: () => bec.deleteBlb(id).then(() => bec.waitUntilBlbDeleted(id, wait)) }
      : undefined;
  });
  record(bec, 'createVmImage', created, (r) => {
    const id = field(r, 'result');
    return id
      ? { what: `image ${id}`, remove: () => bec.deleteVmImage([id]).then(() => bec.waitUntilVmImageDeleted(id, wait)) }
      : undefined;
  });
  return {
    async cleanUp() {
      for (const item of created.reverse()) {
        try {
          await item.remove();
        } catch (err) {
          if (err instanceof BceServiceError && err.statusCode === 404) continue;
          console.log(`cleanup: deleting ${item.what} failed:`, err instanceof Error ? err.message : err);
          process.exitCode = 1;
        }
      }
      created.length = 0;
    },
  };
}
