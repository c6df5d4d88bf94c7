// Seeded pseudo-random numbers: every random choice in papergraph takes an rng made here, never Math.random.

/** A function returning floats in [0, 1), as graphology's `rng` options expect. */
export type Rng = () => number;

/** mulberry32: a tiny, fast, well-distributed 32-bit generator; same seed → same sequence. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
