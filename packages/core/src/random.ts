import {
  xoroshiro128plusFromState,
  type xoroshiro128plus,
} from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plus>;

/**
 * A seeded random stream. Streams are derived, never shared: each stage
 * and each purpose inside a stage asks for `derive(name)`, so adding a
 * draw in one place never shifts the numbers drawn in another, and a
 * result does not depend on the order in which work is scheduled.
 */
export class RandomStream {
  private readonly generator: Generator;
  /** The 4×32-bit key this stream was built from; children hash it. */
  readonly key: readonly number[];

  private constructor(key: readonly number[]) {
    this.key = key;
    this.generator = xoroshiro128plusFromState(nonZero(key));
  }

  /** The root stream of a run. `seed` is any safe integer. */
  static fromSeed(seed: number): RandomStream {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`seed must be a safe integer, got ${seed}`);
    }
    return new RandomStream(mixKey([0x9e3779b9, 0, 0, 0], `seed:${seed}`));
  }

  /** An independent child stream named by a stable string. */
  derive(name: string): RandomStream {
    return new RandomStream(mixKey(this.key, name));
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = (this.generator.next() >>> 0) >>> 5; // 27 bits
    const lo = (this.generator.next() >>> 0) >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!(n > 0) || n > 2 ** 32 || !Number.isInteger(n)) {
      throw new RangeError(`int(n) needs an integer 0 < n <= 2^32, got ${n}`);
    }
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const x = this.generator.next() >>> 0;
      if (x < limit) return x % n;
    }
  }

  /** Bernoulli draw: true with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal by the polar Box–Muller method. */
  normal(): number {
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }

  /**
   * Gamma(shape, 1) by Marsaglia and Tsang (2000); shapes below 1 use
   * the boost Gamma(a) = Gamma(a + 1) · U^(1/a).
   */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0`);
    if (shape < 1) {
      return this.gamma(shape + 1) * Math.pow(this.next(), 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) as a ratio of gammas. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Binomial(n, p) by summing Bernoulli draws (n is small here). */
  binomial(n: number, p: number): number {
    let k = 0;
    for (let i = 0; i < n; i++) if (this.next() < p) k++;
    return k;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /**
   * `m` distinct indices from [0, n), in the order drawn (partial
   * Fisher–Yates). Throws when m > n.
   */
  sample(n: number, m: number): Int32Array {
    if (m > n)
      throw new RangeError(`cannot draw ${m} of ${n} without replacement`);
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < m; i++) {
      const j = i + this.int(n - i);
      const tmp = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = tmp;
    }
    return pool.slice(0, m);
  }
}

/**
 * Mixes a name into a 128-bit key with a 32-bit multiply-xorshift hash
 * per lane (murmur3's finaliser), so that nearby names give unrelated keys.
 */
function mixKey(key: readonly number[], name: string): number[] {
  const out = [0, 0, 0, 0];
  for (let lane = 0; lane < 4; lane++) {
    let h = ((key[lane] ?? 0) ^ Math.imul(lane + 1, 0x85ebca6b)) >>> 0;
    for (let i = 0; i < name.length; i++) {
      h = Math.imul(h ^ name.charCodeAt(i), 0x5bd1e995) >>> 0;
      h ^= h >>> 13;
    }
    for (let other = 0; other < 4; other++) {
      h = Math.imul(h ^ (key[other] ?? 0), 0xcc9e2d51) >>> 0;
      h ^= h >>> 15;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    out[lane] = h | 0;
  }
  return out;
}

function nonZero(key: readonly number[]): number[] {
  const state = key.slice(0, 4);
  return state.every((x) => x === 0) ? [1, 0, 0, 0] : state;
}
