// SourceError: the one error class the sources stage throws (strict mode, invalid options).
import { OptionError, PapergraphError } from '../errors.ts';
import type { RejectCode, Rejection } from '../types.ts';

/** A rejected record raised as an error (strict mode). Message is `file:line: message`. */
export class SourceError extends PapergraphError<RejectCode> {
  readonly file: string;
  readonly line: number;

  constructor(code: RejectCode, file: string, line: number, message: string) {
    super(code, `${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
  }

  static from(rejection: Rejection): SourceError {
    return new SourceError(rejection.code, rejection.file, rejection.line, rejection.message);
  }
}

/** Invalid `ReadOptions` (a programming or usage error, not a data problem); names the field. */
export class ReadOptionsError extends OptionError<'invalid-option'> {
  constructor(field: string, message: string) {
    super('invalid-option', 'sources', field, message);
  }
}
