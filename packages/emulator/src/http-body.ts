import type { IncomingMessage, ServerResponse } from 'node:http';

const EMPTY = Buffer.alloc(0);

/** How long a refused connection may still take to read the answer before it is cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * True when the request announces a body larger than `max` bytes (Content-Length, checked before
 * anything is read). A malformed Content-Length never reaches here: Node's parser refuses it.
 */
export function declaredTooLarge(req: IncomingMessage, max: number): boolean {
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) > max;
}

/**
 * Reads the body, counting while it streams. Resolves with undefined as soon as more than `max`
 * bytes arrived (nothing more is kept; the caller answers 413 and closes the connection).
 */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        req.off('data', onData);
        req.off('end', onEnd);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      resolve(chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/**
 * Marks the answer as the connection's last and cuts the connection shortly after it was sent,
 * whatever the client still sends (a refused body is never read to its end).
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.shouldKeepAlive = false;
  res.setHeader('connection', 'close');
  res.once('finish', () => {
    const socket = req.socket;
    // Stop reading (the sender is held back by TCP flow control), say we are done, and cut the
    // connection once the client had a moment to read the answer.
    socket.pause();
    socket.end();
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
