// A parsed JSON value → Draft: plain `{title, abstract, …}` records and HF `daily_papers` API items.
import { arxivIdFrom, normaliseAuthors, normaliseDate } from '../identity.ts';
import type { Draft, ParsedItem } from '../record.ts';

// Field names accepted for each Draft field, first present wins. Extra fields are ignored.
const TITLE = ['title', 'paper_title', 'paperTitle'];
const ABSTRACT = ['abstract', 'summary', 'paper_abstract', 'paperAbstract', 'abstract_text'];
const DATE = ['date', 'publishedAt', 'published', 'publication_date', 'publicationDate', 'year'];
const URL_FIELDS = ['url', 'link', 'abs_url', 'pdf_url'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Map one JSON value to a Draft. `{paper: {...}}` items of the HF daily_papers API are unwrapped,
 * and their `paper.id` is an arXiv id. Strings and numbers are accepted for text fields; any
 * other type in title/abstract/id is an `invalid-record`.
 */
export function draftFromObject(value: unknown, line: number): ParsedItem {
  if (!isObj(value)) {
    return { code: 'invalid-record', line, message: `expected a JSON object, got ${describe(value)}` };
  }
  const hfApi = isObj(value.paper);
  const o: Obj = hfApi ? (value.paper as Obj) : value;
  const draft: Draft = { line };

  for (const [field, names] of [
    ['title', TITLE],
    ['abstract', ABSTRACT],
  ] as const) {
    const v = pick(o, names);
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && typeof v !== 'number') {
      return { code: 'invalid-record', line, message: `field \`${field}\` is ${describe(v)}, expected a string` };
    }
    draft[field] = String(v);
  }

  const id = o.id;
  if (id !== undefined && id !== null) {
    if (typeof id !== 'string' && typeof id !== 'number') {
      return { code: 'invalid-record', line, message: `field \`id\` is ${describe(id)}, expected a string or number` };
    }
    const s = String(id).trim();
    if (hfApi) {
      const a = arxivIdFrom(s);
      if (a) draft.arxivId = a;
      else if (s) draft.id = s;
    } else if (s) draft.id = s;
  }

  const date = normaliseDate(pick(o, DATE));
  if (date) draft.date = date;
  const authors = normaliseAuthors(o.authors ?? o.author);
  if (authors.length > 0) draft.authors = authors;
  const url = pick(o, URL_FIELDS);
  if (typeof url === 'string' && url.trim()) draft.url = url.trim();
  else if (hfApi && draft.arxivId) draft.url = `https://huggingface.co/papers/${draft.arxivId}`;
  return draft;
}

/**
 * Whether a parsed value is meant as a paper record (an object with a title or abstract field, or
 * an HF API `{paper: {…}}` item) rather than some nested value: after a JSON syntax error the reader
 * resumes at the next `{` it can find, which may be inside the broken element.
 */
export function looksLikeRecord(value: unknown): boolean {
  if (!isObj(value)) return false;
  if (isObj(value.paper)) return true;
  return pick(value, TITLE) !== undefined || pick(value, ABSTRACT) !== undefined;
}

function pick(o: Obj, names: readonly string[]): unknown {
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
