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

  parser.on('opentag', (tag) => {
    if (failure) return;
    const name = local(tag.name);
    if (!entry) {
      if (name === 'entry') {
        entry = { line: parser.line, size: attributesSize(tag.attributes), fields: {}, authors: [] };
        path = [];
      }
      return;
    }
    // Attributes count towards the entry's size like text does.
    entry.size += attributesSize(tag.attributes);
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
    entry.size += t.length;
    if (entry.size <= ctx.maxRecordBytes) text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  // capXml cut something here (a text run, an attribute-laden tag): the entry is over the limit.
  parser.on('processinginstruction', (pi) => {
    if (entry && !failure && pi.target === CUT_TARGET) entry.size = Infinity;
  });
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

  const capped = capXml(bytes, ctx.maxRecordBytes);
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

function attributesSize(attributes: Record<string, string | { value: string }>): number {
  let n = 0;
  for (const [name, value] of Object.entries(attributes)) n += name.length + (typeof value === 'string' ? value.length : value.value.length);
  return n;
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
const QUOT = 0x22;
const APOS = 0x27;
const BANG = 0x21;
const QMARK = 0x3f;
const SLASH = 0x2f;
const DASH = 0x2d;
const LSQB = 0x5b;
const RSQB = 0x5d;

/** Processing instruction `capXml` puts where it cut something; the parser marks the entry around it too long. */
export const CUT_TARGET = 'papergraph-cut';
const CUT = Buffer.from(`<?${CUT_TARGET}?>`);

const enum Mode {
  Text,
  /** After '<', until the kind of markup is known ('<![CDATA[' needs 8 more bytes). */
  Open,
  /** An element tag or a DOCTYPE: held until its '>' (outside quotes), so an over-long one can be replaced whole. */
  Tag,
  /** A comment, CDATA section or processing instruction: streamed, its content capped like text. */
  Section,
}

const SECTIONS: [string, string][] = [
  ['?', '?>'],
  ['!--', '-->'],
  ['![CDATA[', ']]>'],
];
const isContinuation = (b: number): boolean => (b & 0xc0) === 0x80;
const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Bound everything saxes would buffer by `maxBytes`. saxes holds a whole text node, attribute value
 * or tag before reporting it, so a 10 MB summary or a 150 MB `<link href>` would otherwise sit in
 * memory (and reach every output). Text runs (and comment, CDATA and PI content) are cut after
 * `maxBytes` on a character boundary, keeping the markup that ends them; a tag longer than
 * `maxBytes` is replaced by its bare name (`<link href=…>` → `<link>`, `<link …/>` → `<link/>`), an
 * over-long DOCTYPE dropped, so the XML structure is untouched. Every cut is followed by
 * `<?papergraph-cut?>`, which the parser reads, in document order, as "the entry here is over the
 * limit".
 */
export async function* capXml(bytes: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Buffer> {
  let mode = Mode.Text;
  let run = 0; // bytes of the current text run or section content
  let cutting = false; // dropping the rest of that run
  let open = ''; // Mode.Open: bytes after '<'
  let terminator = ''; // Mode.Section: what ends it, and how much of that has been seen
  let matched = 0;
  // Mode.Tag
  let parts: Buffer[] = []; // the tag's bytes from earlier chunks
  let size = 0;
  let over = false;
  let head = ''; // the tag's first bytes, for its name
  let quote = 0;
  let bracket = 0; // DOCTYPE internal subset depth
  let lastSig = 0; // last non-space byte outside quotes ('/' before '>' = self-closing)

  /** One more byte of a tag; true when it is the tag's closing '>'. */
  const tagByte = (b: number): boolean => {
    size++;
    if (head.length < 256) head += String.fromCharCode(b);
    if (!over && size > maxBytes) {
      over = true;
      parts = [];
    }
    if (quote) {
      if (b === quote) quote = 0;
      return false;
    }
    if (b === QUOT || b === APOS) quote = b;
    else if (head[1] === '!' && b === LSQB) bracket++;
    else if (head[1] === '!' && b === RSQB) bracket--;
    else if (b === GT && bracket <= 0) return true;
    if (!isSpace(b)) lastSig = b;
    return false;
  };
  /** The tag as it goes out: itself, or for an over-long one its bare name and the cut mark. */
  const tagOut = (rest: Buffer): Buffer[] => {
    if (!over) return [Buffer.concat([...parts, rest])];
    if (head[1] === '!') return [CUT]; // an over-long DOCTYPE is dropped: Atom needs none
    const [, slash, name] = /^<(\/?)([^\s/>]*)/.exec(head)!;
    return [Buffer.from(`<${slash}${name}${!slash && lastSig === SLASH ? '/' : ''}>`, 'latin1'), CUT];
  };

  for await (const chunk of bytes) {
    const out: Buffer[] = [];
    let from = 0; // bytes from here are passed on (Text, Section) or belong to the tag (Tag)
    const pass = (to: number): void => {
      if (to > from) out.push(chunk.subarray(from, to));
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (mode === Mode.Text) {
        if (b === LT) {
          if (cutting) out.push(CUT);
          else pass(i);
          cutting = false;
          mode = Mode.Open;
          open = '';
        } else if (!cutting && ++run > maxBytes && !isContinuation(b)) {
          pass(i);
          cutting = true;
        }
        continue;
      }
      if (mode === Mode.Open) {
        open += String.fromCharCode(b);
        const section = SECTIONS.find(([start]) => start === open);
        if (section) {
          out.push(Buffer.from(`<${open}`, 'latin1'));
          [mode, terminator, matched, run, cutting, from] = [Mode.Section, section[1], 0, 0, false, i + 1];
        } else if (!SECTIONS.some(([start]) => start.startsWith(open))) {
          // An element tag, an end tag or a declaration: '<' and the bytes read since are its start.
          [mode, parts, size, over, head, quote, bracket, lastSig, from] = [Mode.Tag, [], 1, false, '<', 0, 0, 0, i + 1];
          let ended = false;
          for (let k = 0; k < open.length; k++) ended = tagByte(open.charCodeAt(k));
          const start = Buffer.from(`<${open}`, 'latin1');
          if (ended) {
            out.push(...tagOut(start));
            [mode, run, cutting] = [Mode.Text, 0, false];
          } else if (!over) parts = [start];
        }
        continue;
      }
      if (mode === Mode.Section) {
        if (b === terminator.charCodeAt(matched)) {
          if (++matched === terminator.length) {
            if (cutting) out.push(Buffer.from(terminator), CUT);
            else pass(i + 1);
            [mode, run, cutting, from] = [Mode.Text, 0, false, i + 1];
          }
          continue;
        }
        matched = b === terminator.charCodeAt(0) ? 1 : 0;
        if (!cutting && ++run > maxBytes && !isContinuation(b)) {
          pass(i);
          cutting = true;
        }
        continue;
      }
      if (tagByte(b)) {
        out.push(...tagOut(chunk.subarray(from, i + 1)));
        [mode, run, cutting, from, parts] = [Mode.Text, 0, false, i + 1, []];
      }
    }
    if (mode === Mode.Tag) {
      // The tag goes on in the next chunk: keep a copy of its bytes here (the chunk may be reused).
      if (!over && chunk.length > from) parts.push(Buffer.from(chunk.subarray(from)));
    } else if (mode !== Mode.Open && !cutting) pass(chunk.length);
    if (out.length > 0) yield out.length === 1 ? out[0]! : Buffer.concat(out);
  }
  const ending = mode as Mode; // (assigned inside closures too: no narrowing)
  if (ending === Mode.Tag && !over) yield Buffer.concat(parts); // an unterminated tag: saxes reports it
  if (ending === Mode.Open) yield Buffer.from(`<${open}`, 'latin1');
}
