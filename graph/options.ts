// Build options and their defaults: a light module, so the CLI can show defaults in --help without loading the
// extraction and layout stages (graph/pipeline.ts imports those and re-exports these).
import { PapergraphError } from '../ingest/errors.ts';
import { EXTRACT_DEFAULTS } from '../ingest/extract/options.ts';
import type { ReadOptions } from '../ingest/sources/options.ts';
import { COMMUNITY_DEFAULTS } from './communities/options.ts';
import { LAYOUT_DEFAULTS } from './layout.ts';

export interface BuildOptions {
  /** Input files or directories; empty = the bundled seed corpus. */
  inputs: string[];
  seed: number;
  resolution: number;
  /** Resolution of the split of each community into research lines (0 = none); see CommunityOptions. */
  splitResolution: number;
  /** Only an area of at least this many papers is split into lines; see CommunityOptions. */
  splitMinPapers: number;
  workers: number;
  strict: boolean;
  format?: ReadOptions['format'];
  /** Number of ForceAtlas2 iterations; 0 keeps the layout's own default for the graph size. */
  layoutIterations: number;
}

export const BUILD_DEFAULTS: BuildOptions = {
  inputs: [],
  seed: 42,
  resolution: COMMUNITY_DEFAULTS.resolution,
  splitResolution: COMMUNITY_DEFAULTS.splitResolution,
  splitMinPapers: COMMUNITY_DEFAULTS.splitMinPapers,
  workers: EXTRACT_DEFAULTS.workers,
  strict: false,
  layoutIterations: LAYOUT_DEFAULTS.iterations,
};

export class BuildOptionsError extends PapergraphError<'invalid-option'> {
  constructor(message: string) {
    super('invalid-option', message);
  }
}

export function validateBuildOptions(options: BuildOptions): BuildOptions {
  const { seed, resolution, splitResolution, splitMinPapers, workers, layoutIterations } = options;
  if (!Number.isInteger(seed) || seed < 0) throw new BuildOptionsError('build: invalid `seed`, expecting a non-negative integer');
  if (!(resolution > 0) || !Number.isFinite(resolution)) throw new BuildOptionsError('build: invalid `resolution`, expecting a positive number');
  if (!(splitResolution >= 0) || !Number.isFinite(splitResolution)) {
    throw new BuildOptionsError('build: invalid `splitResolution`, expecting a number ≥ 0 (0 = no split)');
  }
  if (!Number.isInteger(splitMinPapers) || splitMinPapers < 0) {
    throw new BuildOptionsError('build: invalid `splitMinPapers`, expecting a non-negative integer (0 = any area may be split)');
  }
  if (!Number.isInteger(workers) || workers < 1) throw new BuildOptionsError('build: invalid `workers`, expecting a positive integer');
  if (!Number.isInteger(layoutIterations) || layoutIterations < 0) {
    throw new BuildOptionsError('build: invalid `layoutIterations`, expecting a non-negative integer');
  }
  return options;
}
