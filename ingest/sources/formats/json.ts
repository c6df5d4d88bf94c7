// JSON arrays (and concatenated JSON values), split element by element so a 59k-record array
// never has to be parsed as one string, every element knows its line, and a malformed element
// is rejected alone.
import type { ParseContext, ParsedItem, Problem } from '../record.ts';
import { draftFromObject } from './object.ts';

const B = {
  NL: 0x0a,
  QUOTE: 0x22,
  BACKSLASH: 0x5c,
  COMMA: 0x2c,
  LBRACE: 0x7b,
  RBRACE: 0x7d,
  LBRACKET: 0x5b,
  RBRACKET: 0x5d,
} as const;

const BOM = [0xef, 0xbb, 0xbf];
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** One top-level element: its bytes (undefined when over the size limit) and first line. */
interface Element {
  line: number;
  bytes?: Buffer;
  size: number;
}

/**
 * Split a byte stream holding `[v, v, …]` or `v v …` (JSON Lines, pretty-printed objects one after
 * another) into its top-level elements. Works on bytes: every JSON structural character is ASCII,
 * and UTF-8 continuation bytes are ≥ 0x80, so multi-byte characters cannot be confused with them.
 */
export async function* splitJson(bytes: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Element | Problem> {
  let line = 1;
  let started = false; // saw the first non-space byte
  let bomAt = 0; // bytes of a leading BOM seen
  let level = 0; // depth at which elements sit: 1 inside a top-level array, 0 for a value sequence
  let closed = false; // top-level array closed
  let depth = 0;
  let inString = false;
  let escape = false;
  let cur: { line: number; parts: Buffer[]; size: number; scalar: boolean; over: boolean } | undefined;

  const begin = (scalar: boolean): void => {
    cur = { line, parts: [], size: 0, scalar, over: false };
  };
  const append = (chunk: Buffer, from: number, to: number): void => {
    if (!cur || to <= from) return;
    cur.size += to - from;
    if (cur.over) return;
    if (cur.size > maxBytes) {
      cur.over = true;
      cur.parts = [];
      return;
    }
    cur.parts.push(Buffer.from(chunk.subarray(from, to)));
  };
  const end = (): Element => {
    const c = cur!;
    cur = undefined;
    return c.over ? { line: c.line, size: c.size } : { line: c.line, size: c.size, bytes: Buffer.concat(c.parts, c.size) };
  };

  for await (const chunk of bytes) {
    let from = 0; // start of the current element's bytes within this chunk
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === B.NL) line++;
      if (inString) {
        if (escape) escape = false;
        else if (b === B.BACKSLASH) escape = true;
        else if (b === B.QUOTE) inString = false;
        continue;
      }
      if (!started) {
        if (bomAt < 3 && b === BOM[bomAt]) {
          bomAt++; // a UTF-8 BOM before the first value
          continue;
        }
        bomAt = 3;
        if (isSpace(b)) continue;
        started = true;
        if (b === B.LBRACKET) {
          level = 1;
          depth = 1;
          continue;
        }
      }
      if (closed) {
        if (!isSpace(b)) {
          yield { code: 'invalid-json', line, message: 'unexpected content after the closing `]` of the top-level array' };
          return;
        }
        continue;
      }
      if (depth === level) {
        // Between elements, or inside a scalar element.
        if (cur?.scalar && (isSpace(b) || b === B.COMMA || b === B.RBRACKET || b === B.RBRACE)) {
          append(chunk, from, i);
          yield end();
        }
        if (isSpace(b) || b === B.COMMA) continue;
        if (b === B.RBRACKET && level === 1) {
          closed = true;
          continue;
        }
        if (!cur) {
          begin(!(b === B.LBRACE || b === B.LBRACKET));
          from = i;
        }
        if (b === B.QUOTE) inString = true;
        else if (b === B.LBRACE || b === B.LBRACKET) depth++;
        continue;
      }
      // Inside a container element.
      if (b === B.QUOTE) inString = true;
      else if (b === B.LBRACE || b === B.LBRACKET) depth++;
      else if (b === B.RBRACE || b === B.RBRACKET) {
        depth--;
        if (depth === level) {
          append(chunk, from, i + 1);
          yield end();
        }
      }
    }
    if (cur) append(chunk, from, chunk.length);
  }
  // A truncated last element fails JSON.parse and is rejected as invalid-json. A missing closing
  // `]` after complete elements loses nothing, so it is accepted.
  if (cur) yield end();
}

export async function* parseJson(bytes: AsyncIterable<Buffer>, ctx: ParseContext): AsyncGenerator<ParsedItem> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const el of splitJson(bytes, ctx.maxRecordBytes)) {
    if ('code' in el) {
      yield el;
      continue;
    }
    if (!el.bytes) {
      yield { code: 'line-too-long', line: el.line, message: `JSON element longer than ${ctx.maxRecordBytes} bytes (${el.size} bytes), skipped` };
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(el.bytes);
    } catch {
      yield { code: 'invalid-utf8', line: el.line, message: 'JSON element is not valid UTF-8' };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { code: 'invalid-json', line: el.line, message: (e as Error).message };
      continue;
    }
    yield draftFromObject(value, el.line);
  }
}
