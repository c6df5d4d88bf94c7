// JSON arrays (and concatenated JSON values), split element by element so a 59k-record array
// never has to be parsed as one string, every element knows its line, and a malformed element
// is rejected alone: the splitter checks the syntax as it goes and, at the first error, skips to
// the next top-level element boundary and reads on from there.
import type { ParseContext, ParsedItem } from '../record.ts';
import { draftFromObject, looksLikeRecord } from './object.ts';

const B = {
  TAB: 0x09,
  NL: 0x0a,
  CR: 0x0d,
  SPACE: 0x20,
  QUOTE: 0x22,
  COMMA: 0x2c,
  COLON: 0x3a,
  LBRACKET: 0x5b,
  BACKSLASH: 0x5c,
  RBRACKET: 0x5d,
  LBRACE: 0x7b,
  RBRACE: 0x7d,
} as const;

const BOM = [0xef, 0xbb, 0xbf];
const isSpace = (b: number): boolean => b === B.SPACE || b === B.NL || b === B.CR || b === B.TAB;
/** Bytes a number or literal (true/false/null) is made of. */
const isBare = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x2b || b === 0x2d || b === 0x2e;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS = new Set(['true', 'false', 'null']);
/** A bare token longer than this is not a number anyone writes; it is reported rather than buffered. */
const MAX_BARE = 512;
/** Bytes of an element kept for `head` (the parser looks for record keys in it after an error). */
const HEAD = 512;

/** What the tokenizer expects next outside a string. */
const enum Expect {
  /** A value (after ':' or ',' in an array). */
  Value,
  /** A value or ']' (after '['). */
  ValueOrClose,
  /** A key or '}' (after '{'). */
  KeyOrClose,
  /** A key (after ',' in an object). */
  Key,
  Colon,
  /** ',' or the container's closing bracket (after a value). */
  CommaOrClose,
}

/** One top-level element: its bytes (undefined when over the size limit) and first line. */
export interface JsonElement {
  kind: 'element';
  line: number;
  bytes?: Buffer;
  size: number;
  /** The element started at a boundary found while skipping a malformed region. */
  landed: boolean;
}

/** A syntax error; the splitter has skipped ahead to the next element boundary. */
export interface JsonSyntaxError {
  kind: 'error';
  /** First line of the element it is in, or its own line between elements. */
  line: number;
  message: string;
  /** The error is inside an element (rather than between elements). */
  inElement: boolean;
  /** That element started at a boundary found while skipping a malformed region. */
  landed: boolean;
  /** The element's first bytes, as text. */
  head: string;
}

const show = (b: number): string => (b >= 0x20 && b < 0x7f ? `\`${String.fromCharCode(b)}\`` : `byte 0x${b.toString(16).padStart(2, '0')}`);
const EXPECTING: Record<Expect, string> = {
  [Expect.Value]: 'a value',
  [Expect.ValueOrClose]: 'a value or `]`',
  [Expect.KeyOrClose]: 'a key or `}`',
  [Expect.Key]: 'a key',
  [Expect.Colon]: '`:`',
  [Expect.CommaOrClose]: '`,` or a closing bracket',
};

/**
 * Split a byte stream holding `[v, v, …]` or `v v …` (JSON Lines, pretty-printed objects one after
 * another) into its top-level elements, checking the JSON syntax on the way. Works on bytes: every
 * JSON structural character is ASCII and UTF-8 continuation bytes are ≥ 0x80.
 *
 * At a syntax error the splitter reports it and skips to the next place an element plausibly
 * starts — a `{` that follows `}` `,` (or `}` between top-level values), a `{` at the start of a
 * line indented as the file's elements are, the `{` the error is on when a key was expected at
 * the top of an element (a missing `}` before it), or any `{` when the error was between elements —
 * and reads on from there. Nothing about strings can be trusted inside a malformed element, so the
 * skipping looks at bytes only; a boundary found inside the broken element's own nested objects
 * yields elements flagged `landed`, which the caller weighs (`parseJson` drops non-records).
 */
export async function* splitJson(bytes: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<JsonElement | JsonSyntaxError> {
  let line = 1;
  let col = 0; // bytes since the last newline
  let lineBlank = true; // only whitespace so far on this line
  let atLineStart = true; // the byte being examined is the first non-space of its line
  let started = false; // saw the first non-space byte
  let bomAt = 0;
  let level = 0; // depth at which elements sit: 1 inside a top-level array, 0 for a value sequence
  let closed = false; // top-level array closed
  const stack: number[] = []; // open containers ('{' or '['), the top-level array included
  let expect: Expect = Expect.Value;
  let inString = false;
  let escape = false;
  let bare = ''; // number or literal being read
  let elementIndent: number | undefined; // column of elements that start a line
  // Skipping a malformed region: the last two non-space bytes, and whether any `{` will do.
  let skipping = false;
  let landAny = false;
  let prevSig = 0;
  let prevPrevSig = 0;
  let landNext = false; // the element about to start was found by skipping
  let cur: { line: number; parts: Buffer[]; size: number; over: boolean; landed: boolean; head: string } | undefined;

  const begin = (): void => {
    cur = { line, parts: [], size: 0, over: false, landed: landNext, head: '' };
    if (atLineStart && !landNext) elementIndent = col - 1;
    landNext = false;
  };
  const append = (chunk: Buffer, from: number, to: number): void => {
    if (!cur || to <= from) return;
    if (cur.head.length < HEAD) cur.head += chunk.toString('latin1', from, Math.min(to, from + HEAD - cur.head.length));
    cur.size += to - from;
    if (cur.over) return;
    if (cur.size > maxBytes) {
      cur.over = true;
      cur.parts = [];
      return;
    }
    cur.parts.push(Buffer.from(chunk.subarray(from, to)));
  };
  const end = (): JsonElement => {
    const c = cur!;
    cur = undefined;
    return c.over
      ? { kind: 'element', line: c.line, size: c.size, landed: c.landed }
      : { kind: 'element', line: c.line, size: c.size, bytes: Buffer.concat(c.parts, c.size), landed: c.landed };
  };
  /**
   * The syntax error at byte `b`; starts skipping. Returns whether `b` is to be examined again as
   * the start of the next element: a `{` where a key, `,` or `}` was expected right inside an
   * element (its `}` is missing), or a `{` between elements.
   */
  const fail = (b: number, what: string): { error: JsonSyntaxError; redo: boolean } => {
    const inElement = cur !== undefined;
    const topOfElement = stack.length === level + 1 && stack[level] === B.LBRACE;
    const missingBrace = b === B.LBRACE && topOfElement && (expect === Expect.Key || expect === Expect.KeyOrClose || expect === Expect.CommaOrClose);
    const error: JsonSyntaxError = {
      kind: 'error',
      line: cur?.line ?? line,
      message: `invalid JSON at line ${line}, column ${col}: unexpected ${show(b)}${what.startsWith('expecting') ? ',' : ''} ${what}`,
      inElement,
      landed: cur?.landed ?? false,
      head: cur?.head ?? '',
    };
    cur = undefined;
    inString = false;
    escape = false;
    bare = '';
    skipping = true;
    landAny = missingBrace || !inElement;
    prevSig = 0;
    prevPrevSig = 0;
    return { error, redo: landAny && b === B.LBRACE };
  };

  for await (const chunk of bytes) {
    let from = 0; // start of the current element's bytes within this chunk
    let redo = false;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (redo) redo = false;
      else {
        if (b === B.NL) {
          line++;
          col = 0;
          lineBlank = true;
        } else col++;
        atLineStart = lineBlank;
        if (!isSpace(b)) lineBlank = false;
      }

      if (skipping) {
        if (isSpace(b)) continue;
        const land =
          b === B.LBRACE &&
          (landAny ||
            (prevSig === B.COMMA && prevPrevSig === B.RBRACE) ||
            (level === 0 && prevSig === B.RBRACE) ||
            (atLineStart && elementIndent !== undefined && col - 1 === elementIndent));
        prevPrevSig = prevSig;
        prevSig = b;
        if (!land) continue;
        skipping = false;
        closed = false;
        stack.length = level;
        if (level === 1) stack[0] = B.LBRACKET;
        expect = Expect.Value;
        landNext = true;
        // Fall through: this `{` starts an element.
      }

      if (inString) {
        if (escape) escape = false;
        else if (b === B.BACKSLASH) escape = true;
        else if (b === B.QUOTE) {
          inString = false;
          if (expect === Expect.Key || expect === Expect.KeyOrClose) expect = Expect.Colon;
          else {
            expect = Expect.CommaOrClose;
            if (stack.length === level) {
              append(chunk, from, i + 1);
              yield end();
            }
          }
        } else if (b < 0x20) {
          yield fail(b, 'inside a string (control characters must be escaped)').error;
        }
        continue;
      }
      if (bare) {
        if (isBare(b)) {
          bare += String.fromCharCode(b);
          if (bare.length > MAX_BARE) yield fail(b, `in a bare token over ${MAX_BARE} characters`).error;
          continue;
        }
        const token = bare;
        bare = '';
        if (!(LITERALS.has(token) || NUMBER.test(token))) {
          const { error, redo: again } = fail(b, `after \`${token.slice(0, 40)}\`, which is not a JSON number or literal`);
          yield error;
          if (again) [redo, i] = [true, i - 1];
          continue;
        }
        expect = Expect.CommaOrClose;
        if (stack.length === level) {
          append(chunk, from, i);
          yield end();
        }
        // Fall through: this byte follows the value.
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
          stack.push(B.LBRACKET);
          expect = Expect.ValueOrClose;
          continue;
        }
      }
      if (isSpace(b)) continue;

      let problem: string | undefined;
      if (closed) problem = 'after the closing `]` of the top-level array';
      else if (stack.length === level) {
        // Between top-level elements: lenient about separators (a stray, trailing or missing comma loses nothing).
        if (b === B.COMMA) continue;
        if (b === B.RBRACKET && level === 1) {
          closed = true;
          stack.length = 0;
          continue;
        }
        if (b === B.RBRACE || b === B.RBRACKET || b === B.COLON) problem = 'between elements';
        else {
          expect = Expect.Value;
          begin();
          from = i;
        }
      }
      if (problem === undefined) {
        switch (b) {
          case B.LBRACE:
          case B.LBRACKET:
            if (expect !== Expect.Value && expect !== Expect.ValueOrClose) problem = `expecting ${EXPECTING[expect]}`;
            else {
              stack.push(b);
              expect = b === B.LBRACE ? Expect.KeyOrClose : Expect.ValueOrClose;
            }
            break;
          case B.RBRACE:
          case B.RBRACKET: {
            const open = stack[stack.length - 1];
            const matches = (b === B.RBRACE && open === B.LBRACE) || (b === B.RBRACKET && open === B.LBRACKET);
            const canClose = expect === Expect.CommaOrClose || expect === (b === B.RBRACE ? Expect.KeyOrClose : Expect.ValueOrClose);
            if (!matches) problem = `closing a ${open === B.LBRACE ? '`{`' : '`[`'}`;
            else if (!canClose) problem = `expecting ${EXPECTING[expect]}`;
            else {
              stack.pop();
              expect = Expect.CommaOrClose;
              if (stack.length === level) {
                append(chunk, from, i + 1);
                yield end();
              }
            }
            break;
          }
          case B.QUOTE:
            if (expect === Expect.Colon || expect === Expect.CommaOrClose) problem = `expecting ${EXPECTING[expect]}`;
            else inString = true;
            break;
          case B.COLON:
            if (expect !== Expect.Colon) problem = `expecting ${EXPECTING[expect]}`;
            else expect = Expect.Value;
            break;
          case B.COMMA:
            if (expect !== Expect.CommaOrClose) problem = `expecting ${EXPECTING[expect]}`;
            else expect = stack[stack.length - 1] === B.LBRACE ? Expect.Key : Expect.Value;
            break;
          default:
            if (!isBare(b) || (expect !== Expect.Value && expect !== Expect.ValueOrClose)) problem = `expecting ${EXPECTING[expect]}`;
            else bare = String.fromCharCode(b);
        }
      }
      if (problem !== undefined) {
        const { error, redo: again } = fail(b, problem);
        yield error;
        if (again) [redo, i] = [true, i - 1];
      }
    }
    if (cur) append(chunk, from, chunk.length);
  }
  // A number or literal closing the input completes its value.
  if (bare && (LITERALS.has(bare) || NUMBER.test(bare)) && stack.length === level && cur) yield end();
  // A truncated last element fails JSON.parse and is rejected as invalid-json. A missing closing
  // `]` after complete elements loses nothing, so it is accepted.
  if (cur) yield end();
}

/**
 * JSON arrays and value sequences → drafts. After a syntax error the element is one `invalid-json`
 * rejection, and what the splitter yields until the next real record is part of that malformed
 * region: values that are not records are dropped with it, unless they look like records
 * themselves (then each is its own rejection).
 */
export async function* parseJson(bytes: AsyncIterable<Buffer>, ctx: ParseContext): AsyncGenerator<ParsedItem> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let recovering = false;
  for await (const el of splitJson(bytes, ctx.maxRecordBytes)) {
    if (el.kind === 'error') {
      if (recovering && !(el.inElement && el.landed && RECORD_KEY.test(el.head))) continue;
      recovering = true;
      yield { code: 'invalid-json', line: el.line, message: el.message };
      continue;
    }
    if (!el.bytes) {
      recovering = false;
      yield { code: 'line-too-long', line: el.line, message: `JSON element longer than ${ctx.maxRecordBytes} bytes (${el.size} bytes), skipped` };
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(el.bytes);
    } catch {
      recovering = false;
      yield { code: 'invalid-utf8', line: el.line, message: 'JSON element is not valid UTF-8' };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      if (recovering) continue;
      yield { code: 'invalid-json', line: el.line, message: (e as Error).message };
      continue;
    }
    if (recovering) {
      if (!looksLikeRecord(value)) continue;
      recovering = false;
    }
    yield draftFromObject(value, el.line);
  }
}

/** A key a paper record has, as it appears in raw JSON text. */
const RECORD_KEY = /"(?:title|abstract|summary|paper|paper_title|paperTitle|paper_abstract|paperAbstract|abstract_text)"\s*:/;
