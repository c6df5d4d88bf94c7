// SourceError: the one error class the sources stage throws (strict mode, invalid options).
import type { RejectCode, Rejection } from '../types.ts';

/** A rejected record raised as an error (strict mode). Message is `file:line: message`. */
export class SourceError extends Error {
  readonly code: RejectCode;
  readonly file: string;
  readonly line: number;

  constructor(code: RejectCode, file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'SourceError';
    this.code = code;
    this.file = file;
    this.line = line;
  }

  static from(rejection: Rejection): SourceError {
    return new SourceError(rejection.code, rejection.file, rejection.line, rejection.message);
  }
}

/** Invalid `ReadOptions` (a programming or usage error, not a data problem); names the field. */
export class ReadOptionsError extends Error {
  readonly code = 'invalid-option';
  readonly field: string;

  constructor(field: string, message: string) {
    super(`sources: invalid \`${field}\`, ${message}`);
    this.name = 'ReadOptionsError';
    this.field = field;
  }
}
