// A small Cypher lexer: enough to see a query's parameters and function calls without being fooled by strings,
// comments or backticked names (`MATCH (n {note: '$x // not a param'})`). It never rewrites a query.

export type TokenKind = 'word' | 'param' | 'string' | 'name' | 'number' | 'symbol';

export interface Token {
  kind: TokenKind;
  /** Words and symbols as written; strings and backticked names decoded; parameters without `$`. */
  text: string;
  offset: number;
}

const WORD = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER = /(?:0x[0-9a-f_]+|0o[0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:e[+-]?\d+)?)/iy;

/** Decodes a quoted string or backticked name starting at `start`; returns its text and the offset after it. */
function quoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (quote === '`') {
      if (c === '`' && text[i + 1] === '`') {
        value += '`';
        i += 2;
        continue;
      }
      if (c === '`') return { value, end: i + 1 };
      value += c;
      i += 1;
      continue;
    }
    if (c === '\\') {
      const n = text[i + 1] ?? '';
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"' };
      if (n in simple) {
        value += simple[n];
        i += 2;
      } else if (n === 'u' || n === 'U') {
        const digits = n === 'u' ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + digits);
        if (!/^[0-9a-f]+$/i.test(hex) || hex.length !== digits) throw new CypherSyntaxError(`bad \\${n} escape at offset ${i}`);
        value += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + digits;
      } else {
        value += n;
        i += 2;
      }
      continue;
    }
    if (c === quote) return { value, end: i + 1 };
    value += c;
    i += 1;
  }
  throw new CypherSyntaxError(`unclosed ${quote === '`' ? 'backtick' : 'string'} starting at offset ${start}`);
}

export class CypherSyntaxError extends Error {}

/** Tokens of a Cypher text; comments and whitespace dropped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new CypherSyntaxError(`unclosed comment starting at offset ${i}`);
      i = end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const { value, end } = quoted(text, i);
      tokens.push({ kind: c === '`' ? 'name' : 'string', text: value, offset: i });
      i = end;
    } else if (c === '$') {
      if (text[i + 1] === '`') {
        const { value, end } = quoted(text, i + 1);
        tokens.push({ kind: 'param', text: value, offset: i });
        i = end;
      } else {
        WORD.lastIndex = i + 1;
        const m = WORD.exec(text) ?? /\d+/y.exec(text.slice(i + 1));
        if (!m) throw new CypherSyntaxError(`a $ without a parameter name at offset ${i}`);
        tokens.push({ kind: 'param', text: m[0], offset: i });
        i += 1 + m[0].length;
      }
    } else {
      WORD.lastIndex = i;
      const word = WORD.exec(text);
      if (word) {
        tokens.push({ kind: 'word', text: word[0], offset: i });
        i += word[0].length;
        continue;
      }
      NUMBER.lastIndex = i;
      const number = /[\d.]/.test(c) ? NUMBER.exec(text) : null;
      if (number && number[0] !== '.') {
        tokens.push({ kind: 'number', text: number[0], offset: i });
        i += number[0].length;
        continue;
      }
      tokens.push({ kind: 'symbol', text: c, offset: i });
      i += 1;
    }
  }
  return tokens;
}

/** Names of the `$parameters` a query uses. */
export function parameterNames(text: string): Set<string> {
  return new Set(tokenize(text).filter((t) => t.kind === 'param').map((t) => t.text));
}

/**
 * Dotted names called like functions (`date.truncate(…)`, `apoc.text.join(…)`), outside `CALL` (procedures are
 * checked on the query plan). Plain names (`count(…)`) are Cypher's own and not listed.
 */
export function namespacedCalls(text: string): string[] {
  const tokens = tokenize(text);
  const calls: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' && t.kind !== 'name') continue;
    const before = tokens[i - 1];
    if (before?.kind === 'symbol' && before.text === '.') continue; // inside a dotted name already seen
    const parts = [t.text];
    let j = i + 1;
    while (tokens[j]?.text === '.' && tokens[j]?.kind === 'symbol' && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'name')) {
      parts.push(tokens[j + 1]!.text);
      j += 2;
    }
    if (parts.length < 2 || tokens[j]?.text !== '(') continue;
    if (before?.kind === 'word' && /^call$/i.test(before.text)) continue;
    calls.push(parts.join('.'));
  }
  return calls;
}
