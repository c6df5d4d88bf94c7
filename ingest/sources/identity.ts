// Paper identity and field normalisation: stable ids, title keys for dedup, dates, authors.
import { createHash } from 'node:crypto';
import { detex } from './latex.ts';

/**
 * Windows-1252 punctuation read as Latin-1 (C1 control characters in place of quotes and dashes; 496 ACL abstracts:
 * "David Chiang\x92s STIG parser").
 */
const CP1252: Record<string, string> = { '\x85': '…', '\x91': '‘', '\x92': '’', '\x93': '“', '\x94': '”', '\x95': '•', '\x96': '–', '\x97': '—' };
const CP1252_PUNCTUATION = /[\x85\x91-\x97]/g;
const HAS_CP1252_PUNCTUATION = new RegExp(CP1252_PUNCTUATION.source);

/**
 * Print LaTeX accents, letters, escapes and text styles (`detex`) and Windows-1252 punctuation, collapse every
 * whitespace run (newlines from XML/CSV included) to one space and trim.
 */
export function cleanText(raw: string): string {
  const s = detex(HAS_CP1252_PUNCTUATION.test(raw) ? raw.replace(CP1252_PUNCTUATION, (c) => CP1252[c]!) : raw);
  // Most abstracts are already clean: test before replacing, which allocates a new string.
  return NEEDS_CLEANING.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim();
}
/** Any whitespace other than a single space: a non-space whitespace character or two in a row. */
const NEEDS_CLEANING = /[^\S ]|  /;

/**
 * The dedup key of a title: NFKC, lower-cased, every run of non-letters/digits → one space.
 * 'Qwen2.5-1M  Technical Report' → 'qwen2 5 1m technical report'
 */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `t:` + the first 12 hex digits of SHA-1 of the normalised title. */
export function titleId(title: string): string {
  return `t:${createHash('sha1').update(normaliseTitle(title)).digest('hex').slice(0, 12)}`;
}

// New-style ids (2401.00001, 0704.0001) and old-style ids (hep-th/9901001, math.GT/0309136).
const ARXIV_NEW = /(\d{4}\.\d{4,5})(?:v\d+)?/;
const ARXIV_OLD = /([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?/;
const ARXIV_BARE = new RegExp(`^(?:arxiv:)?(?:${ARXIV_NEW.source}|${ARXIV_OLD.source})$`, 'i');
const ARXIV_URL = new RegExp(
  `(?:arxiv\\.org/(?:abs|pdf)/|huggingface\\.co/papers/|arxiv:)(?:${ARXIV_NEW.source}|${ARXIV_OLD.source})`,
  'i',
);

/**
 * The arXiv id in a bare id or URL, version suffix dropped, or undefined.
 * 'http://arxiv.org/abs/2401.00001v2' → '2401.00001'; '2401.00001' → '2401.00001'.
 */
export function arxivIdFrom(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = s.trim();
  const m = ARXIV_BARE.exec(t) ?? ARXIV_URL.exec(t);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * The stable paper id: the given id verbatim; else `arxiv:<id>` from a native arXiv id or a URL;
 * else `t:<hash of normalised title>`.
 */
export function paperId(rec: { id?: string; arxivId?: string; url?: string; title: string }): string {
  if (rec.id) return rec.id;
  const arxiv = rec.arxivId ?? arxivIdFrom(rec.url);
  if (arxiv) return `arxiv:${arxiv}`;
  return titleId(rec.title);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** 1-based month number of an English month name or abbreviation ('Aug', 'August', 'Sept'), or undefined. */
export function monthNumber(name: string): number | undefined {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? undefined : i + 1;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A date as far as it is known, or undefined when unreadable:
 * '2024-01-05T17:00:00Z' → '2024-01-05', '2024-01' → '2024-01', 1963 → '1963',
 * 'Aug 20, 2024' → '2024-08-20', 'Aug 20' → '--08-20' (month-day without a year, ISO 8601 / XSD gMonthDay).
 */
export function normaliseDate(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 10000) return String(value);
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$/.exec(s);
  if (iso) return [iso[1], iso[2], iso[3]].filter(Boolean).join('-');
  if (/^--\d{2}-\d{2}$/.test(s)) return s;
  const mdy = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:,? (\d{4}))?$/.exec(s);
  if (mdy) {
    const month = monthNumber(mdy[1]!);
    const day = Number(mdy[2]);
    if (month === undefined || day < 1 || day > 31) return undefined;
    return mdy[3] ? `${mdy[3]}-${pad(month)}-${pad(day)}` : `--${pad(month)}-${pad(day)}`;
  }
  const dmy = /^(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})$/.exec(s);
  if (dmy) {
    const month = monthNumber(dmy[2]!);
    return month === undefined ? undefined : `${dmy[3]}-${pad(month)}-${pad(Number(dmy[1]))}`;
  }
  return undefined;
}

/**
 * Authors from a JSON/CSV field: an array of names or `{name}` objects, or one string
 * ('A. Smith; B. Jones', 'A. Smith and B. Jones', 'A. Smith, B. Jones').
 */
export function normaliseAuthors(value: unknown): string[] {
  let names: unknown[];
  if (Array.isArray(value)) names = value;
  else if (typeof value === 'string') {
    const sep = /[;|]/.test(value) ? /\s*[;|]\s*/ : /\s*,\s*(?:and\s+)?|\s+and\s+/;
    names = value.split(sep);
  } else return [];
  const out: string[] = [];
  for (const n of names) {
    const name =
      typeof n === 'string' ? n : n && typeof n === 'object' && 'name' in n && typeof n.name === 'string' ? n.name : '';
    const c = cleanText(name);
    if (c) out.push(c);
  }
  return out;
}
