// Extraction options: typed, one exported defaults object, one validate function whose errors name the field.
import { PapergraphError } from '../errors.ts';
import { availableParallelism } from 'node:os';

export interface ExtractOptions {
  /** Worker threads for the per-paper pass; 1 runs on the calling thread. Output is identical for any value. */
  workers: number;
  /** Most evidence lines kept per entity. */
  maxEvidence: number;
  /** Papers per message sent to a worker. */
  batchSize: number;
  /** Below this many papers the pool is not started (thread start-up costs more than it saves). */
  minPapersForWorkers: number;
  /** Keep each entity's feature names in the per-paper results (for --explain). */
  keepFeatures: boolean;
  /** Called with the number of papers just finished (every batch on workers, every 500 papers on one thread). */
  onProgress?: (papers: number) => void;
}

export const EXTRACT_DEFAULTS: ExtractOptions = {
  workers: Math.max(1, Math.min(8, availableParallelism())),
  maxEvidence: 3,
  batchSize: 250,
  minPapersForWorkers: 5000,
  keepFeatures: false,
};

export class ExtractError extends PapergraphError<'invalid-option' | 'worker-failed' | 'model-missing'> {}

const positiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** Merges `options` over the defaults and checks every field. */
export function validateExtractOptions(options: Partial<ExtractOptions> = {}): ExtractOptions {
  const o: ExtractOptions = { ...EXTRACT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  for (const field of ['workers', 'maxEvidence', 'batchSize', 'minPapersForWorkers'] as const) {
    if (!positiveInt(o[field])) throw new ExtractError('invalid-option', `extract: invalid \`${field}\`, expecting a positive integer (got ${String(o[field])})`);
  }
  if (typeof o.keepFeatures !== 'boolean') throw new ExtractError('invalid-option', `extract: invalid \`keepFeatures\`, expecting a boolean`);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new ExtractError('invalid-option', 'extract: invalid `onProgress`, expecting a function');
  return o;
}
