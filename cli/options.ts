// Shared option parsers for the CLI commands (one place, so every command behaves alike).
import { InvalidArgumentError } from 'commander';
import { SOURCE_FORMATS } from '../ingest/sources/options.ts';
import type { SourceFormat } from '../ingest/types.ts';

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expecting a positive integer');
  return n;
}

export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expecting a non-negative integer');
  return n;
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expecting a positive number');
  return n;
}

export function parseNonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expecting a number ≥ 0');
  return n;
}

export function parseFormat(value: string): SourceFormat {
  if (!(SOURCE_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expecting one of ${SOURCE_FORMATS.join(', ')}`);
  }
  return value as SourceFormat;
}
