// Records passed between a format parser and the reader: drafts (as parsed) and problems.
import type { Provenance, RejectCode } from '../types.ts';

/** One record as a format parser found it, before validation. `line` is 1-based, the record's first line. */
export interface Draft {
  line: number;
  title?: string;
  abstract?: string;
  /** An id given by the source, kept verbatim. */
  id?: string;
  /** An arXiv id native to the format (Atom `<id>`, HF API `paper.id`), without version. */
  arxivId?: string;
  date?: string;
  authors?: string[];
  url?: string;
}

/** A record-level problem found by a parser; the reader adds the file and makes it a `Rejection`. */
export interface Problem {
  code: RejectCode;
  line: number;
  message: string;
}

export type ParsedItem = Draft | Problem;

export const isProblem = (item: ParsedItem): item is Problem => 'code' in item;

/** A validated record from one file: title and abstract present, whitespace-normalised. */
export interface RawRecord {
  title: string;
  abstract: string;
  id?: string;
  arxivId?: string;
  date?: string;
  authors: string[];
  url?: string;
  source: Provenance;
}

export interface ParseContext {
  maxRecordBytes: number;
}

/** A format parser: bytes of one (decompressed) file in, drafts and problems out, in file order. */
export type Parser = (bytes: AsyncIterable<Buffer>, ctx: ParseContext) => AsyncGenerator<ParsedItem>;
