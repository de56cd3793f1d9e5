// Seeded pseudo-random numbers (the simulation and the synthetic data generator): sfc32 with uniform,
// normal, lognormal and Poisson samplers. Same seed and stream → same sequence, on every platform.

/** A seeded random source. All samplers draw from one sfc32 state. */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next: () => number;
  /** Uniform integer in [0, n). */
  int: (n: number) => number;
  /** Uniform integer in [min, max], both inclusive. */
  between: (min: number, max: number) => number;
  /** Standard normal (mean 0, sd 1). */
  normal: () => number;
  /** Lognormal with the given arithmetic MEAN (not median) and log-scale sd `sigma`. */
  lognormal: (mean: number, sigma: number) => number;
  /** Poisson count with mean `mean` ≥ 0. */
  poisson: (mean: number) => number;
  /** An index into `weights` drawn in proportion to them (weights ≥ 0, not all 0). */
  pick: (weights: readonly number[]) => number;
}

/** Thrown when a sampler gets an argument no distribution accepts (a negative Poisson mean). */
export class RngArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RngArgumentError';
  }
}

/** splitmix32 step: spreads a 32-bit seed over the state words so nearby seeds diverge at once. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** 32-bit hash of a string (FNV-1a), to name independent streams ('org', 'deals:17'). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const LOG_GAMMA_COEFFICIENTS = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4,
  8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
  1.796443723688307e-1, -1.3924322169059,
] as const;

/** ln Γ(x) for x ≥ 1 by the Stirling series (the one NumPy uses for its Poisson sampler). */
export function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const shift = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + shift;
  const x2 = 1 / (x0 * x0);
  let series = LOG_GAMMA_COEFFICIENTS[9];
  for (let k = 8; k >= 0; k--) series = series * x2 + (LOG_GAMMA_COEFFICIENTS[k] ?? 0);
  let gl = series / x0 + 0.5 * Math.log(2 * Math.PI) + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= shift; k++) {
    gl -= Math.log(x0 - 1);
    x0 -= 1;
  }
  return gl;
}

/**
 * A generator for `seed` (any integer; used modulo 2^32) and an optional named stream, so the
 * parts of a data set draw from independent sequences and adding draws to one part does not
 * shift another.
 */
export function createRng(seed: number, stream = ''): Rng {
  let s = (seed >>> 0) ^ hashString(stream);
  let a: number;
  let b: number;
  let c: number;
  let d: number;
  [s, a] = splitmix32(s);
  [s, b] = splitmix32(s);
  [s, c] = splitmix32(s);
  [, d] = splitmix32(s);
  a |= 0;
  b |= 0;
  c |= 0;
  d |= 0;

  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // sfc32's first outputs still echo the seed; the reference implementation discards a few.
  for (let i = 0; i < 12; i++) next();

  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const u1 = 1 - next(); // (0, 1]: log stays finite
    const u2 = next();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * u2);
  };

  const poissonSmall = (mean: number): number => {
    // Knuth: count uniforms until their product drops below e^-mean; O(mean) draws.
    const limit = Math.exp(-mean);
    let k = 0;
    let product = next();
    while (product > limit) {
      k++;
      product *= next();
    }
    return k;
  };

  const poissonLarge = (mean: number): number => {
    // PTRS, Hörmann (1993) "The transformed rejection method for generating Poisson random
    // variables": constant expected cost for any mean ≥ 10.
    const slam = Math.sqrt(mean);
    const logMean = Math.log(mean);
    const bb = 0.931 + 2.53 * slam;
    const aa = -0.059 + 0.02483 * bb;
    const invAlpha = 1.1239 + 1.1328 / (bb - 3.4);
    const vr = 0.9277 - 3.6224 / (bb - 2);
    for (;;) {
      const u = next() - 0.5;
      const v = next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * aa) / us + bb) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invAlpha) - Math.log(aa / (us * us) + bb) <=
        -mean + k * logMean - logGamma(k + 1)
      ) {
        return k;
      }
    }
  };

  return {
    next,
    int: (n) => Math.floor(next() * n),
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal,
    lognormal: (mean, sigma) => mean * Math.exp(sigma * normal() - (sigma * sigma) / 2),
    poisson: (mean) => {
      if (!(mean >= 0) || !Number.isFinite(mean)) {
        throw new RngArgumentError(`Poisson mean must be a finite number ≥ 0, got ${mean}`);
      }
      if (mean === 0) return 0;
      return mean < 10 ? poissonSmall(mean) : poissonLarge(mean);
    },
    pick: (weights) => {
      let total = 0;
      for (const w of weights) total += w;
      let target = next() * total;
      for (let i = 0; i < weights.length; i++) {
        target -= weights[i] ?? 0;
        if (target < 0) return i;
      }
      return weights.length - 1;
    },
  };
}
