// Sources stage: every kind of bad input has one defined outcome (code, line, counts), never a crash.
// Big, binary and invalid-UTF-8 inputs are generated here in a temp dir rather than committed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPapers, SourceError } from '../ingest/sources/index.ts';
import { capXml } from '../ingest/sources/formats/arxiv.ts';
import { readLines } from '../ingest/sources/lines.ts';
import type { RejectCode } from '../ingest/types.ts';

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
const ABSTRACT = 'An abstract that is long enough to read as one, ending the way sentences do.';
const rec = (title: string, abstract = ABSTRACT): string => JSON.stringify({ title, abstract });
const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const BAD_UTF8 = [0xc3, 0x28]; // a lead byte followed by a non-continuation byte

interface Case {
  name: string;
  /** File name (or directory name ending in '/') and its content; undefined = do not create. */
  content?: string | Buffer | Record<string, string>;
  accepted: string[];
  /** Rejections in order: code and line. */
  rejected: [RejectCode, number][];
}

const CASES: Case[] = [
  { name: 'empty.jsonl', content: '', accepted: [], rejected: [['empty-file', 0]] },
  { name: 'blank.txt', content: '\n \n\t\n', accepted: [], rejected: [['empty-file', 0]] },
  { name: 'blank.dat', content: '\n \n\t\n', accepted: [], rejected: [['empty-file', 0]] },
  { name: 'blank.csv', content: '\n\n', accepted: [], rejected: [['empty-file', 0]] },
  { name: 'chrome-only.txt', content: 'new\n\nSubscribe\n\nDaily Papers\n', accepted: [], rejected: [['empty-file', 0]] },
  { name: 'missing.jsonl', accepted: [], rejected: [['missing-file', 0]] },
  { name: 'binary.jsonl', content: bytes('{"title": ', [0, 1, 2, 0xff, 0]), accepted: [], rejected: [['binary-file', 0]] },
  { name: 'utf16.txt', content: Buffer.from('\ufeffTitle\nAbstract\n', 'utf16le'), accepted: [], rejected: [['binary-file', 0]] },
  { name: 'unknown.dat', content: 'plain words\nthat are not papers\n', accepted: [], rejected: [['unknown-format', 0]] },
  { name: 'corrupt.jsonl.gz', content: bytes([0x1f, 0x8b, 8, 0, 9, 9, 9, 9, 9, 9, 9, 9]), accepted: [], rejected: [['unreadable-file', 0]] },
  {
    name: 'truncated.jsonl.gz',
    content: gzipSync(Buffer.from(`${rec('A')}\n${rec('B')}\n`)).subarray(0, 40),
    accepted: [],
    rejected: [['unreadable-file', 0]],
  },
  { name: 'bom.json', content: `\ufeff[${rec('A')}]`, accepted: ['A'], rejected: [] },
  { name: 'bom.jsonl', content: `\ufeff${rec('A')}\n`, accepted: ['A'], rejected: [] },
  { name: 'bom.csv', content: `\ufefftitle,abstract\nA,${ABSTRACT}\n`, accepted: ['A'], rejected: [] },
  { name: 'bom.xml', content: `\ufeff<feed><entry><title>A</title><summary>${ABSTRACT}</summary></entry></feed>`, accepted: ['A'], rejected: [] },
  { name: 'crlf.txt', content: `Title A\r\n\r\n${ABSTRACT}\r\n`, accepted: ['Title A'], rejected: [] },
  { name: 'gzip-without-gz-name.jsonl', content: gzipSync(Buffer.from(`${rec('A')}\n`)), accepted: ['A'], rejected: [] },
  { name: 'empty-dir/', content: {}, accepted: [], rejected: [['is-directory', 0]] },
  { name: 'unsupported-dir/', content: { 'notes.md': '# notes' }, accepted: [], rejected: [['is-directory', 0]] },
  {
    name: 'mixed-dir/',
    content: { 'b.jsonl': `${rec('B')}\n`, 'a.txt': `Title A\n${ABSTRACT}\n`, 'c.md': 'skipped' },
    accepted: ['Title A', 'B'],
    rejected: [],
  },
  {
    name: 'fields.jsonl',
    content: [
      rec('Good'),
      JSON.stringify({ title: 'No abstract' }),
      JSON.stringify({ title: 'Empty abstract', abstract: '' }),
      JSON.stringify({ title: '   ', abstract: ABSTRACT }),
      JSON.stringify({ abstract: ABSTRACT }),
      JSON.stringify({ title: 42, abstract: ABSTRACT }),
      JSON.stringify({ title: 'Obj', abstract: { text: 'x' } }),
      '"a string"',
      'null',
      '{"title": "cut off',
    ].join('\n'),
    accepted: ['Good', '42'],
    rejected: [
      ['missing-abstract', 2],
      ['missing-abstract', 3],
      ['missing-title', 4],
      ['missing-title', 5],
      ['invalid-record', 7],
      ['invalid-record', 8],
      ['invalid-record', 9],
      ['invalid-json', 10],
    ],
  },
  {
    name: 'long-line.jsonl',
    content: `${rec('A')}\n${rec('B', TEN_MB)}\n${rec('C')}\n`,
    accepted: ['A', 'C'],
    rejected: [['line-too-long', 2]],
  },
  {
    name: 'long-last-line.jsonl',
    content: `${rec('A')}\n${rec('B', TEN_MB)}`,
    accepted: ['A'],
    rejected: [['line-too-long', 2]],
  },
  {
    name: 'long-line.txt',
    content: `Title A\n${ABSTRACT}\nTitle B\n${TEN_MB}\nTitle C\n${ABSTRACT}\n`,
    accepted: ['Title A', 'Title C'],
    rejected: [['line-too-long', 3]],
  },
  {
    name: 'long-element.json',
    content: `[${rec('A')},\n${rec('B', TEN_MB)},\n${rec('C')}]`,
    accepted: ['A', 'C'],
    rejected: [['line-too-long', 2]],
  },
  {
    name: 'long-row.csv',
    content: `title,abstract\nA,${ABSTRACT}\nB,"${TEN_MB}"\nC,${ABSTRACT}\n`,
    accepted: ['A', 'C'],
    rejected: [['line-too-long', 3]],
  },
  {
    name: 'long-multiline-row.csv',
    content: `title,abstract\nA,${ABSTRACT}\nB,"${Array.from({ length: 2000 }, () => 'y'.repeat(1000)).join('\n')}"\nC,${ABSTRACT}\n`,
    accepted: ['A', 'C'],
    rejected: [['line-too-long', 3]],
  },
  {
    name: 'long-entry.xml',
    content: `<feed>\n<entry><title>A</title><summary>${ABSTRACT}</summary></entry>\n<entry><title>B</title><summary>${TEN_MB}</summary></entry>\n<entry><title>C</title><summary>${ABSTRACT}</summary></entry>\n</feed>`,
    accepted: ['A', 'C'],
    rejected: [['line-too-long', 3]],
  },
  {
    name: 'bad-utf8.jsonl',
    content: bytes(`${rec('A')}\n{"title": "B`, BAD_UTF8, `", "abstract": "x"}\n${rec('C')}\n`),
    accepted: ['A', 'C'],
    rejected: [['invalid-utf8', 2]],
  },
  {
    name: 'bad-utf8.txt',
    content: bytes(`Title A\n${ABSTRACT}\nTitle `, BAD_UTF8, `\n${ABSTRACT}\nTitle C\nAbstract `, BAD_UTF8, ` ${ABSTRACT}\nTitle D\n${ABSTRACT}\n`),
    accepted: ['Title A', 'Title D'],
    rejected: [['invalid-utf8', 3], ['invalid-utf8', 5]],
  },
  {
    name: 'bad-utf8.csv',
    content: bytes(`title,abstract\nA,"two\nlines"\nB,"bad `, BAD_UTF8, `\nstill B"\nC,fine\n`),
    accepted: ['A', 'C'],
    rejected: [['invalid-utf8', 4]],
  },
  {
    name: 'bad-utf8.json',
    content: bytes(`[${rec('A')},\n{"title": "`, BAD_UTF8, `", "abstract": "x"},\n${rec('C')}]`),
    accepted: ['A', 'C'],
    rejected: [['invalid-utf8', 2]],
  },
  {
    name: 'bad-utf8.xml',
    content: bytes(`<feed>\n<entry><title>A</title><summary>${ABSTRACT}</summary></entry>\n<entry><title>B `, BAD_UTF8, `</title><summary>${ABSTRACT}</summary></entry>\n</feed>`),
    accepted: ['A'],
    rejected: [['invalid-utf8', 3]],
  },
  {
    name: 'bad-element.json',
    content: `[${rec('A')},\n{"title": 'single quotes'},\n${rec('C')}]`,
    accepted: ['A', 'C'],
    rejected: [['invalid-json', 2]],
  },
  {
    name: 'trailing.json',
    content: `[${rec('A')}] [${rec('B')}]`,
    accepted: ['A', 'B'],
    rejected: [['invalid-json', 1]],
  },
  {
    name: 'broken.xml',
    content: `<feed>\n<entry><title>A</title><summary>${ABSTRACT}</summary></entry>\n<entry><title>B</summary></entry>\n<entry><title>C</title><summary>${ABSTRACT}</summary></entry></feed>`,
    accepted: ['A'],
    rejected: [['invalid-xml', 3]],
  },
  {
    name: 'stray-quote.csv',
    content: `title,abstract\nA,${ABSTRACT}\n"B"x,${ABSTRACT}\nC,${ABSTRACT}\n`,
    accepted: ['A', '"B"x', 'C'],
    rejected: [],
  },
  {
    name: 'unclosed-quote.csv',
    content: `title,abstract\nA,${ABSTRACT}\n\nB,"never closed\nC,${ABSTRACT}\nD,${ABSTRACT}\n`,
    accepted: ['A', 'C', 'D'],
    rejected: [['invalid-csv', 4]],
  },
  {
    // The audit's reproduction: a stray quote in element 2 used to lose every element after it.
    name: 'stray-quote-element.json',
    content: '[\n{"title":"A1 Paper","abstract":"We propose ANet."},\n{"title":"Broken, "abstract":"x"},\n{"title":"B2 Paper","abstract":"We propose BNet."}\n]\n',
    accepted: ['A1 Paper', 'B2 Paper'],
    rejected: [['invalid-json', 3]],
  },
  {
    name: 'missing-brace.json',
    content: `[\n${rec('A')},\n{"title": "B", "abstract": "x",\n${rec('C')},\n${rec('D')}\n]`,
    accepted: ['A', 'C', 'D'],
    rejected: [['invalid-json', 3]],
  },
  {
    name: 'missing-brace-compact.json',
    content: `[${rec('A')},{"title": "B", "abstract": "x",${rec('C')},${rec('D')}]`,
    accepted: ['A', 'C', 'D'],
    rejected: [['invalid-json', 1]],
  },
  {
    // A stray `]` closes the top-level array early: the content after it is read on.
    name: 'stray-bracket.json',
    content: `[\n${rec('A')}],\n${rec('B')},\n${rec('C')}\n]`,
    accepted: ['A', 'B', 'C'],
    rejected: [['invalid-json', 2]],
  },
  {
    name: 'bad-nested.json',
    content: `[\n${rec('A')},\n{"title": "B", "authors": [{"name": "X"], "abstract": "x"},\n${rec('C')}\n]`,
    accepted: ['A', 'C'],
    rejected: [['invalid-json', 3]],
  },
  {
    name: 'pretty-broken.json',
    content: `[\n  {\n    "title": "A",\n    "abstract": "${ABSTRACT}"\n  },\n  {\n    "title": "B\n    broken",\n    "abstract": "x"\n  },\n  {\n    "title": "C",\n    "abstract": "${ABSTRACT}"\n  }\n]\n`,
    accepted: ['A', 'C'],
    rejected: [['invalid-json', 6]],
  },
  {
    name: 'hf-api-broken.json',
    content: JSON.stringify(
      ['2401.00001', '2401.00002', '2401.00003'].map((id, i) => ({
        paper: { id, title: `HF ${i}`, summary: ABSTRACT, authors: [{ _id: 'a', name: 'Ann' }, { _id: 'b', name: 'Bo' }] },
        title: `HF ${i}`,
      })),
      null,
      2,
    ).replace('"title": "HF 1"', '"title": "HF 1 broken, "x"'),
    accepted: ['HF 0', 'HF 2'],
    rejected: [['invalid-json', 20]], // each pretty-printed item is 18 lines; the second starts on line 20
  },
  {
    name: 'hf-api-broken-compact.json',
    content: JSON.stringify(
      ['2401.00001', '2401.00002', '2401.00003'].map((id, i) => ({
        paper: { id, title: `HF ${i}`, summary: ABSTRACT, authors: [{ _id: 'a', name: 'Ann' }, { _id: 'b', name: 'Bo' }] },
        title: `HF ${i}`,
      })),
    ).replace('"title":"HF 1"', '"title":"HF 1 broken, "x"'),
    accepted: ['HF 0', 'HF 2'],
    rejected: [['invalid-json', 1]],
  },
  {
    // The quote opened in row B closes at the quote that opens C's abstract: B is rejected, C is read on its own.
    name: 'unclosed-quote-merged.csv',
    content: `title,abstract\nA,${ABSTRACT}\n"B unclosed,abstract of B\nC,"${ABSTRACT}"\nD,${ABSTRACT}\n`,
    accepted: ['A', 'C', 'D'],
    rejected: [['invalid-csv', 3]],
  },
  {
    name: 'unclosed-quote-two.csv',
    content: `title,abstract\nA,"${ABSTRACT}\nB,x\nC,"broken ${ABSTRACT}\nD,${ABSTRACT}\n`,
    accepted: ['B', 'D'],
    rejected: [['invalid-csv', 2], ['invalid-csv', 4]],
  },
  {
    name: 'quoted-multiline.csv',
    content: `title,abstract\n"A, with a comma","${ABSTRACT}\nsecond ""line"""\nB,${ABSTRACT}\n`,
    accepted: ['A, with a comma', 'B'],
    rejected: [],
  },
  {
    name: 'unclosed-quote-header.csv',
    content: `title,"abstract\nA,${ABSTRACT}\n`,
    accepted: [],
    rejected: [['invalid-csv', 1]],
  },
  {
    // Over maxRecordBytes across attributes: a 2 MB href rejects its entry, the next is read.
    name: 'long-attribute.xml',
    content: `<feed>\n<entry><title>A</title><summary>${ABSTRACT}</summary><link href="${'h'.repeat(2 * 1024 * 1024)}"/></entry>\n<entry><title>C</title><summary>${ABSTRACT}</summary></entry>\n</feed>`,
    accepted: ['C'],
    rejected: [['line-too-long', 2]],
  },
  {
    name: 'long-entry-attribute.xml',
    content: `<feed>\n<entry x="${'h'.repeat(2 * 1024 * 1024)}"><title>A</title><summary>${ABSTRACT}</summary></entry>\n<entry><title>C</title><summary>${ABSTRACT}</summary></entry>\n</feed>`,
    accepted: ['C'],
    rejected: [['line-too-long', 2]],
  },
  {
    // Outside any entry an over-long tag costs nothing but itself.
    name: 'long-feed-attribute.xml',
    content: `<feed x="${'h'.repeat(2 * 1024 * 1024)}">\n<entry><title>A</title><summary>${ABSTRACT}</summary></entry>\n</feed>`,
    accepted: ['A'],
    rejected: [],
  },
  {
    // Many attributes, each small, add up to the entry's size.
    name: 'many-attributes.xml',
    content: `<feed>\n<entry><title>A</title><summary>${ABSTRACT}</summary>${Array.from({ length: 1200 }, () => `<link href="${'h'.repeat(1000)}"/>`).join('')}</entry>\n<entry><title>C</title><summary>${ABSTRACT}</summary></entry>\n</feed>`,
    accepted: ['C'],
    rejected: [['line-too-long', 2]],
  },
  {
    name: 'long-cdata.xml',
    content: `<feed>\n<entry><title>A</title><summary><![CDATA[${TEN_MB}]]></summary></entry>\n<entry><title>C</title><summary><![CDATA[${ABSTRACT} <b>]]></summary></entry>\n</feed>`,
    accepted: ['C'],
    rejected: [['line-too-long', 2]],
  },
  { name: 'no-columns.csv', content: `name,text\nA,${ABSTRACT}\n`, accepted: [], rejected: [['invalid-csv', 1]] },
  { name: 'header-only.csv', content: 'title,abstract\n', accepted: [], rejected: [['empty-file', 0]] },
  {
    name: 'hf-broken-pairs.txt',
    content: `Aug 20\nLonely Title\nPaired Title\n${ABSTRACT}\n${ABSTRACT}\nEnd Title\n`,
    accepted: ['Paired Title'],
    rejected: [['missing-abstract', 2], ['missing-title', 5], ['missing-abstract', 6]],
  },
];

let dir: string;
const path = (name: string): string => join(dir, name.replace(/\/$/, ''));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'papergraph-sources-'));
  for (const c of CASES) {
    if (c.content === undefined) continue;
    if (c.name.endsWith('/')) {
      mkdirSync(path(c.name));
      for (const [f, text] of Object.entries(c.content as Record<string, string>)) writeFileSync(join(path(c.name), f), text);
    } else writeFileSync(path(c.name), c.content as string | Buffer);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bad input', () => {
  it.each(CASES)('$name', async ({ name, accepted, rejected }) => {
    const { papers, stats } = await readPapers([path(name)]);
    expect(papers.map((p) => p.title)).toEqual(accepted);
    expect(stats.rejections.map((r) => [r.code, r.line])).toEqual(rejected);
    expect(stats).toMatchObject({ accepted: accepted.length, rejected: rejected.length, duplicates: 0 });
    expect(stats.read).toBe(stats.accepted + stats.rejected + stats.duplicates);
    for (const r of stats.rejections) expect(r.file.startsWith(dir)).toBe(true);
  });

  it.each(CASES.filter((c) => c.rejected.length > 0))('$name in strict mode throws SourceError at the first rejection', async ({ name, rejected }) => {
    const err = await readPapers([path(name)], { strict: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    const [code, line] = rejected[0]!;
    expect(err).toMatchObject({ code, line });
  });

  it('one run over all of them: every record counted once, reading continues past each problem', async () => {
    const { papers, stats } = await readPapers(CASES.map((c) => path(c.name)));
    const expected = CASES.flatMap((c) => c.rejected.map(([code]) => code));
    expect(stats.rejected).toBe(expected.length);
    expect(stats.read).toBe(stats.accepted + stats.rejected + stats.duplicates);
    const byCode: Partial<Record<RejectCode, number>> = {};
    for (const code of expected) byCode[code] = (byCode[code] ?? 0) + 1;
    expect(stats.byCode).toEqual(byCode);
    // 'A' and 'C' recur across cases, so they merge: the duplicates are counted, not lost.
    expect(papers.length + stats.duplicates).toBe(CASES.reduce((n, c) => n + c.accepted.length, 0));
  });

  it('a .gz cut short mid-stream keeps the records before the cut and rejects the rest as one unreadable-file', async () => {
    const f = join(dir, 'cut.jsonl.gz');
    const lines = Array.from({ length: 20000 }, (_, i) => rec(`Paper ${i}`, `${ABSTRACT} ${i * 7919}`));
    const gz = gzipSync(Buffer.from(lines.join('\n') + '\n'));
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length / 2)));
    const { papers, stats } = await readPapers([f]);
    expect(papers.length).toBeGreaterThan(1000);
    expect(papers.length).toBeLessThan(20000);
    expect(papers.map((p) => p.title)).toEqual(lines.slice(0, papers.length).map((_, i) => `Paper ${i}`));
    expect(stats.rejections.map((r) => [r.code, r.line])).toEqual([['unreadable-file', papers.length]]);
  });

  it('a 10 MB line never reaches memory whole: the line splitter drops it as it streams', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('short\n');
      for (let i = 0; i < 160; i++) yield Buffer.alloc(65536, 0x78); // 10 MiB of 'x', no newline
      yield Buffer.from('\nafter\n');
    }
    const out = [];
    for await (const item of readLines(chunks(), 1024 * 1024)) out.push('code' in item ? item.code : item.text);
    expect(out).toEqual(['short', 'line-too-long', 'after']);
  });

  it('a 10 MB XML text node is cut before saxes sees it, on a character boundary, keeping every tag', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('<feed><entry><summary>');
      for (let i = 0; i < 160; i++) yield Buffer.from('é'.repeat(32768)); // 2-byte characters
      yield Buffer.from('</summary></entry></feed>');
    }
    const kept: Buffer[] = [];
    for await (const c of capXml(chunks(), 1000)) kept.push(c);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(kept));
    expect(text.match(/<\?papergraph-cut\?>/g)).toHaveLength(1);
    expect(text.startsWith('<feed><entry><summary>é')).toBe(true);
    expect(text.endsWith('é<?papergraph-cut?></summary></entry></feed>')).toBe(true);
    expect(Buffer.byteLength(text)).toBeLessThan(2000);
  });

  it('an unclosed CSV quote longer than maxRecordBytes: the held lines are read again, the rest is named as skipped', async () => {
    const f = join(dir, 'long-unclosed.csv');
    const rows = Array.from({ length: 30 }, (_, i) => `R${i},${ABSTRACT}`);
    writeFileSync(f, `title,abstract\nA,"never closed\n${rows.join('\n')}\n`);
    const { papers, stats } = await readPapers([f], { maxRecordBytes: 400 });
    expect(stats.rejections.map((r) => [r.code, r.line])).toEqual([['invalid-csv', 2]]);
    expect(stats.rejections[0]!.message).toMatch(/lines 7\+ ran past 400 characters inside it and are skipped/);
    // The lines held (within 400 characters of the record) are records again; nothing is merged into A.
    expect(papers.map((p) => p.title)).toEqual(['R0', 'R1', 'R2', 'R3']);
  });

  it('maxRecordBytes is configurable', async () => {
    const f = join(dir, 'limit.jsonl');
    writeFileSync(f, `${rec('A', 'short abstract')}\n${rec('B', 'y'.repeat(500))}\n`);
    const small = await readPapers([f], { maxRecordBytes: 200 });
    expect(small.stats.rejections.map((r) => [r.code, r.line])).toEqual([['line-too-long', 2]]);
    const big = await readPapers([f], { maxRecordBytes: 1000 });
    expect(big.stats.rejected).toBe(0);
  });
});
