/**
 * A small seeded PRNG (sfc32, seeded through splitmix32), so that `npm run seed:large` produces the
 * same rows for the same seed on every machine. Each reader draws from a stream of its own, keyed by
 * (seed, stream, index): a reader's rows never depend on how many readers came before it.
 */
export type Random = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` characters of base64url, as the tracker's page-view ids. */
  token(length: number): string;
};

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A PRNG whose sequence is fixed by `parts` (e.g. seed, stream number, reader id). */
export function createRandom(...parts: number[]): Random {
  let h = 0x811c9dc5;
  for (const part of parts) h = splitmix32(h ^ Math.imul(part >>> 0, 0x9e3779b1) ^ Math.floor(part / 2 ** 32))();
  const mix = splitmix32(h);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix() | 1;
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // let the state mix before the first draw
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    token: (length) => {
      let out = "";
      for (let i = 0; i < length; i++) out += BASE64URL[Math.floor(next() * 64)];
      return out;
    },
  };
}
