/** The kit's chunks, written in by the build (rollup.config.mjs): file names, and which ones each element and language needs. */
declare module 'frontdesk:kit' {
  /** Chunk file names under kit/, content-hashed. */
  export const FILES: string[];
  /** For each tag: its entry chunk first, then every chunk it imports (indexes into FILES). */
  export const ELEMENTS: Record<string, number[]>;
  /** For each language but English: its chunk first, then what it imports. */
  export const LANGUAGES: Record<string, number[]>;
}
declare module 'frontdesk:kit' {
  /** Every element in one file. */
  export const ALL: string;
  /** Bit `set` (bit i of `set`: the i-th tag of ELEMENTS is on the page) is 1 when ALL is smaller than those elements' chunks. */
  export const ALL_CHEAPER: number;
  /** Bit i is 1 when the i-th tag of ELEMENTS is in ALL. */
  export const IN_ALL: number;
}
