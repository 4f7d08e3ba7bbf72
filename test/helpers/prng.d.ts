/** Mulberry32, a seeded PRNG: the same seed gives the same sequence. */
export function prng(seed: number): () => number;
