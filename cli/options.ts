// Shared option parsers and terminal progress for the CLI commands (one place, so every command behaves alike).
import { InvalidArgumentError } from 'commander';
import { SOURCE_FORMATS } from '../ingest/sources/options.ts';
import type { SourceFormat } from '../ingest/types.ts';
import type { BuildHooks, Stage } from '../graph/pipeline.ts';

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

export function parseFormat(value: string): SourceFormat {
  if (!(SOURCE_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expecting one of ${SOURCE_FORMATS.join(', ')}`);
  }
  return value as SourceFormat;
}

/** Stage progress on stderr, shown only when stderr is a terminal (never in pipes, logs or CI). */
export function stageProgress(quiet = false): { hooks: BuildHooks; done: () => void } {
  const tty = process.stderr.isTTY && !quiet;
  if (!tty) return { hooks: {}, done: () => {} };
  let stage: Stage | undefined;
  const show = (text: string) => process.stderr.write(`\r\x1b[2K${text}`);
  return {
    hooks: {
      onStage: (next) => {
        stage = next;
        show(`${next}…`);
      },
      onReadProgress: (records) => show(`${stage ?? 'read'}: ${records} records`),
    },
    done: () => {
      if (stage) show('');
    },
  };
}
