// Hugging Face Daily Papers page text (the seed format): chrome lines, date lines, title/abstract pairs.
import { asProblem, readLines } from '../lines.ts';
import { normaliseDate } from '../identity.ts';
import type { Draft, ParseContext, ParsedItem, Problem } from '../record.ts';

/** Page chrome: whole lines that are never part of a record. */
export const PAGE_CHROME: ReadonlySet<string> = new Set([
  'new',
  'Get trending papers in your email inbox!',
  'Get trending papers in your email inbox once a day!',
  'Subscribe',
  'Daily Papers',
  'byAK and the research community',
]);

// Chrome that the page export sometimes glues to the first title: 'Subscribe(Almost) Free Modality …'.
const GLUED_CHROME = ['Subscribe', 'Daily Papers', 'byAK and the research community'];

/** A date line: 'Aug 20', 'August 20', 'Aug 20, 2024'. It sets the date of the records after it. */
const DATE_LINE = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:,? \d{4})?$/;

/**
 * Whether a line reads as an abstract rather than a title. Used only to detect broken pairs
 * (a title with no abstract, an abstract with no title) — in well-formed pages lines simply
 * alternate title, abstract. Titles in the seeds are ≤ 169 chars and never end with '.';
 * abstracts are ≥ 721 chars. A short abstract must be a sentence (≥ 12 words ending in '.', '!',
 * '?' or a URL) to be told from a title.
 */
export function looksLikeAbstract(line: string): boolean {
  const words = line.split(/\s+/).length;
  // '… outperforms Llama 2 70B on most benchmarks.' / '… Code is at https://github.com/microsoft/LoRA'
  return words > 40 || (words >= 12 && (/[.!?]["')\]]?$/.test(line) || /\bhttps?:\/\/\S+$/.test(line)));
}

export function isChromeLine(line: string): boolean {
  return PAGE_CHROME.has(line) || DATE_LINE.test(line);
}

/**
 * Records are a title line followed by an abstract line, with or without blank lines between.
 * Chrome and date lines are recognised only where a title is expected, so an abstract is never
 * mistaken for chrome. A line that cannot be read (invalid UTF-8, too long) takes the slot it
 * stands in, and the record it belongs to is rejected with that line's code.
 */
export async function* parseHfPage(bytes: AsyncIterable<Buffer>, ctx: ParseContext): AsyncGenerator<ParsedItem> {
  let date: string | undefined;
  let seenRecord = false;
  // The pending title slot: a title line, or a problem standing in for it.
  let title: { line: number; text?: string; problem?: Problem } | undefined;

  for await (const item of readLines(bytes, ctx.maxRecordBytes)) {
    if ('code' in item) {
      const problem = asProblem(item);
      if (title) {
        // Bad abstract line: the whole record goes, reported at the title's line.
        yield { ...problem, line: title.line, message: `${problem.message} (abstract on line ${problem.line})` };
        title = undefined;
      } else title = { line: problem.line, problem };
      seenRecord = true;
      continue;
    }
    let text = item.text.trim();
    if (text === '') continue;

    if (!title) {
      if (PAGE_CHROME.has(text)) continue;
      if (DATE_LINE.test(text)) {
        date = normaliseDate(text);
        continue;
      }
      if (!seenRecord) text = unglue(text);
      if (looksLikeAbstract(text)) {
        seenRecord = true;
        yield { code: 'missing-title', line: item.line, message: 'abstract line without a title line before it' };
        continue;
      }
      title = { line: item.line, text };
      continue;
    }

    if (!looksLikeAbstract(text) && !title.problem) {
      // Two titles in a row: the first has no abstract; this line starts the next record.
      yield { code: 'missing-abstract', line: title.line, message: 'title line without an abstract line after it' };
      seenRecord = true;
      title = isChromeLine(text) ? undefined : { line: item.line, text };
      if (DATE_LINE.test(text)) date = normaliseDate(text);
      continue;
    }
    seenRecord = true;
    if (title.problem) yield title.problem;
    else {
      const draft: Draft = { line: title.line, title: title.text, abstract: text };
      if (date) draft.date = date;
      yield draft;
    }
    title = undefined;
  }
  if (title) {
    yield title.problem ?? { code: 'missing-abstract', line: title.line, message: 'title line at end of file without an abstract' };
  }
}

function unglue(text: string): string {
  for (const chrome of GLUED_CHROME) {
    if (text.startsWith(chrome) && text.length > chrome.length) {
      const rest = text.slice(chrome.length);
      // 'Subscribe(Almost) Free …' or 'SubscribeQwen…', but not 'Subscribers of …'.
      if (!/^\p{Ll}/u.test(rest)) return rest.trim();
    }
  }
  return text;
}
