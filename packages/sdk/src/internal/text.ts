/** UTF-8 decoding without Buffer (invalid sequences become U+FFFD, as Buffer's toString does). */
const decoder = new TextDecoder();

export function utf8Text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The symbol Node's `util.inspect` (and Bun's and Deno's console) call, without importing node:util. */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;
