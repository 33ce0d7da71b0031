import { randomUUID } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A seeded random source whose position can be saved and restored. */
export interface SeededRandom {
  (): number;
  /** The generator's position (a 32-bit integer). */
  state(): number;
  setState(state: number): void;
}

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as SeededRandom;
  next.state = () => a;
  next.setState = (state: number) => {
    a = state >>> 0;
  };
  return next;
}

/** Generates resource IDs in BEC's formats (`s-xxxxxxxx`, `lb-xxxxxxxx`, ...). */
export class IdGenerator {
  readonly #random: () => number;
  readonly #seeded: SeededRandom | undefined;

  constructor(seed?: number) {
    this.#seeded = seed === undefined ? undefined : seededRandom(seed);
    this.#random = this.#seeded ?? Math.random;
  }

  /**
   * The seeded generator's position (undefined when unseeded). Saved with persisted state, so
   * that a seeded emulator restarted on the same data does not hand out the same IDs again.
   */
  snapshot(): string | undefined {
    return this.#seeded ? String(this.#seeded.state()) : undefined;
  }

  restore(snapshot: string): void {
    const n = Number(snapshot);
    if (this.#seeded && Number.isInteger(n)) this.#seeded.setState(n);
  }

  /** `length` random lower-case letters and digits. */
  token(length = 8): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(this.#random() * ALPHABET.length)];
    return out;
  }

  /** `prefix` + token, e.g. `next('s-')` → `s-4a3eoswh`. */
  next(prefix: string, length = 8): string {
    return `${prefix}${this.token(length)}`;
  }

  /** A random number in [0, 1) from the generator's stream. */
  random(): number {
    return this.#random();
  }

  /** An IPv4 address inside 10.0.0.0/8 (or another /8 prefix). */
  ip(firstOctet = 10): string {
    const o = () => Math.floor(this.#random() * 254) + 1;
    return `${firstOctet}.${o()}.${o()}.${o()}`;
  }

  uuid(): string {
    return randomUUID();
  }
}
