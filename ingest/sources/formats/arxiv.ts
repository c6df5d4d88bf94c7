// arXiv API Atom feeds, streamed with saxes: one Draft per <entry>.
import { SaxesParser } from 'saxes';
import { arxivIdFrom, cleanText, normaliseDate } from '../identity.ts';
import type { Draft, ParseContext, ParsedItem, Problem } from '../record.ts';
import { utf8Prefix } from '../utf8.ts';

/** Local name of a possibly prefixed tag: 'atom:entry' → 'entry'. */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

interface EntryState {
  line: number;
  size: number;
  fields: Partial<Record<'id' | 'title' | 'summary' | 'published' | 'updated', string>>;
  authors: string[];
  link?: string;
}

/**
 * Reads `<feed><entry><id>http://arxiv.org/abs/2401.00001v2</id><title/><summary/><published/>
 * <author><name/></author><link rel="alternate" href=…/></entry></feed>`. Namespaces are matched by
 * local name, so a prefixed or un-namespaced feed reads the same. Malformed XML or invalid UTF-8
 * ends the file with one `invalid-xml` / `invalid-utf8` problem at the line of the entry being read
 * (or where it happened, outside entries); entries before it are kept.
 */
export async function* parseArxiv(bytes: AsyncIterable<Buffer>, ctx: ParseContext): AsyncGenerator<ParsedItem> {
  const parser = new SaxesParser({ position: true });
  const out: ParsedItem[] = [];
  let failure: Problem | undefined;
  let entry: EntryState | undefined;
  let path: string[] = []; // local names of open elements below <entry>
  let text = '';
  let overflow = false; // capTextRuns cut the current text run short

  parser.on('opentag', (tag) => {
    if (failure) return;
    const name = local(tag.name);
    if (!entry) {
      if (name === 'entry') {
        entry = { line: parser.line, size: 0, fields: {}, authors: [] };
        path = [];
      }
      return;
    }
    path.push(name);
    text = '';
    if (name === 'link' && path.length === 1) {
      const rel = tag.attributes.rel;
      const href = tag.attributes.href;
      if (typeof href === 'string' && (rel === undefined || rel === 'alternate') && !entry.link) entry.link = href;
    }
  });
  const onText = (t: string): void => {
    if (!entry || failure) return;
    // The cut-short text run is the next text saxes reports (a run holds no '<', so no other text
    // node can end inside it).
    entry.size += overflow ? Infinity : t.length;
    overflow = false;
    if (entry.size <= ctx.maxRecordBytes) text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    if (!entry || failure) return;
    const name = local(tag.name);
    if (path.length === 0 && name === 'entry') {
      out.push(finishEntry(entry, ctx));
      entry = undefined;
      return;
    }
    const depth = path.length;
    path.pop();
    if (depth === 1 && (name === 'id' || name === 'title' || name === 'summary' || name === 'published' || name === 'updated')) {
      entry.fields[name] = text;
    } else if (depth === 2 && name === 'name' && path[0] === 'author') {
      const n = cleanText(text);
      if (n) entry.authors.push(n);
    }
    text = '';
  });
  // saxes reports an error and carries on; after the first one nothing it produces is trusted, and
  // the entry being read when it happened is dropped (the invalid-xml rejection stands for it).
  parser.on('error', (err) => {
    failure ??= { code: 'invalid-xml', line: entry?.line ?? parser.line, message: err.message };
  });

  const capped = capTextRuns(bytes, ctx.maxRecordBytes, () => {
    overflow = true;
  });
  // Decoded here rather than by a streaming TextDecoder so that invalid UTF-8 is located: the
  // valid text before it is parsed (its entries kept) and the rejection names its line.
  let carry: Buffer = Buffer.alloc(0); // a multi-byte character cut by the chunk edge
  for await (const chunk of capped) {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const { valid, incomplete } = utf8Prefix(buf);
    parser.write(buf.toString('utf8', 0, valid));
    yield* out.splice(0);
    if (failure) break;
    if (valid < buf.length && !incomplete) {
      failure = { code: 'invalid-utf8', line: entry?.line ?? parser.line, message: `invalid UTF-8 on line ${parser.line}; the rest of the file is not read` };
      break;
    }
    carry = Buffer.from(buf.subarray(valid));
  }
  if (!failure && carry.length > 0) {
    failure = { code: 'invalid-utf8', line: entry?.line ?? parser.line, message: 'file ends inside a UTF-8 character' };
  }
  if (!failure) parser.close();
  yield* out.splice(0);
  if (failure) yield failure;
}

function finishEntry(e: EntryState, ctx: ParseContext): ParsedItem {
  if (e.size > ctx.maxRecordBytes) {
    return { code: 'line-too-long', line: e.line, message: `entry longer than ${ctx.maxRecordBytes} characters, skipped` };
  }
  const draft: Draft = { line: e.line };
  if (e.fields.title !== undefined) draft.title = e.fields.title;
  if (e.fields.summary !== undefined) draft.abstract = e.fields.summary;
  const rawId = e.fields.id?.trim();
  const arxiv = arxivIdFrom(rawId);
  if (arxiv) draft.arxivId = arxiv;
  else if (rawId) draft.id = rawId;
  const date = normaliseDate(e.fields.published ?? e.fields.updated);
  if (date) draft.date = date;
  if (e.authors.length > 0) draft.authors = e.authors;
  const url = e.link ?? (rawId && /^https?:/.test(rawId) ? rawId : undefined);
  if (url) draft.url = url;
  return draft;
}

const LT = 0x3c;
const GT = 0x3e;

/**
 * Pass bytes through, but cut any run of character data (between '>' and the next '<') after
 * `maxBytes`: saxes buffers a whole text node before reporting it, so a 10 MB summary would
 * otherwise sit in memory. The cut starts on a character boundary (never a UTF-8 continuation
 * byte) and keeps every '<', so the XML structure is untouched. `onCut` fires once per cut run.
 */
export async function* capTextRuns(bytes: AsyncIterable<Buffer>, maxBytes: number, onCut: () => void): AsyncGenerator<Buffer> {
  let inTag = false;
  let run = 0;
  let cutting = false;
  for await (const chunk of bytes) {
    const kept: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === LT) {
        if (cutting) {
          from = i;
          cutting = false;
        }
        inTag = true;
      } else if (inTag) {
        if (b === GT) {
          inTag = false;
          run = 0;
        }
      } else if (!cutting && ++run > maxBytes && (b & 0xc0) !== 0x80) {
        kept.push(chunk.subarray(from, i));
        cutting = true;
        onCut();
      }
    }
    if (!cutting) kept.push(chunk.subarray(from));
    yield kept.length === 1 ? kept[0]! : Buffer.concat(kept);
  }
}
