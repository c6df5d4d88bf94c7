// Options for reading sources: typed interface, exported defaults, one validate function.
import type { Rejection, SourceFormat } from '../types.ts';
import { ReadOptionsError } from './errors.ts';

export interface ReadOptions {
  /** Force one format for every input file instead of detecting it per file. */
  format?: SourceFormat;
  /** Throw a `SourceError` on the first rejected record instead of counting it and continuing. */
  strict: boolean;
  /** Largest record (one line, JSON element, XML entry or CSV row) in bytes; larger ones are rejected as `line-too-long`. */
  maxRecordBytes: number;
  /** Called every `PROGRESS_EVERY` records (and once at the end) with the number of records read so far. */
  onProgress?: (records: number) => void;
  /** Rejections kept in `ReadStats.rejections`; the rest are counted in `byCode` and passed to `onRejection` only. */
  keepRejections: number;
  /** Receives every rejection as it happens (awaited, so a file writer can apply back-pressure). */
  onRejection?: (rejection: Rejection) => void | Promise<void>;
}

export const READ_DEFAULTS: ReadOptions = Object.freeze({
  strict: false,
  maxRecordBytes: 1024 * 1024,
  keepRejections: 1000,
});

export const SOURCE_FORMATS: readonly SourceFormat[] = ['hf-page', 'jsonl', 'json', 'hf-api', 'arxiv', 'csv'];

/** How often `onProgress` fires, in records. */
export const PROGRESS_EVERY = 1000;

/** Absolute path of the bundled seed corpus (the five Hugging Face Daily Papers pages). */
export { BUNDLED_CORPUS } from '../paths.ts';

/** Merge `options` over `READ_DEFAULTS` and check every field; errors name the field. */
export function validateReadOptions(options: Partial<ReadOptions> = {}): ReadOptions {
  const merged: ReadOptions = { ...READ_DEFAULTS, ...stripUndefined(options) };
  if (merged.format !== undefined && !SOURCE_FORMATS.includes(merged.format)) {
    throw new ReadOptionsError('format', `expecting one of ${SOURCE_FORMATS.join(', ')}`);
  }
  if (typeof merged.strict !== 'boolean') throw new ReadOptionsError('strict', 'expecting a boolean');
  if (!Number.isInteger(merged.maxRecordBytes) || merged.maxRecordBytes < 64) {
    throw new ReadOptionsError('maxRecordBytes', 'expecting an integer >= 64');
  }
  if (!Number.isInteger(merged.keepRejections) || merged.keepRejections < 0) {
    throw new ReadOptionsError('keepRejections', 'expecting a non-negative integer');
  }
  for (const field of ['onProgress', 'onRejection'] as const) {
    if (merged[field] !== undefined && typeof merged[field] !== 'function') throw new ReadOptionsError(field, 'expecting a function');
  }
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
