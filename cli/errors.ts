// Errors the CLI reports as one line: usage mistakes exit 2, failures of the work exit 1.
import { PapergraphError } from '../ingest/errors.ts';

export class CliError extends PapergraphError {
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode = 1) {
    super(code, message);
    this.exitCode = exitCode;
  }
}

export function usageError(message: string): CliError {
  return new CliError('usage', message, 2);
}

/** Errors whose message is already the one line a user needs (an output that could not be written names its file). */
export function asCliError(err: unknown): unknown {
  if (err instanceof PapergraphError && !(err instanceof CliError) && err.code === 'write-failed') return new CliError(err.code, err.message);
  return err;
}
