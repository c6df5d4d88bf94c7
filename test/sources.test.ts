// Sources stage: every format over fixture files, identity and dedup, the seed corpus, strict mode.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  arxivIdFrom,
  BUNDLED_CORPUS,
  cleanText,
  detectFormat,
  formatReadSummary,
  formatRejection,
  normaliseDate,
  normaliseTitle,
  paperId,
  READ_DEFAULTS,
  readPapers,
  readRecords,
  ReadOptionsError,
  SourceError,
  titleId,
  validateReadOptions,
} from '../ingest/sources/index.ts';
import type { ReadStats, RejectCode, SourceFormat } from '../ingest/types.ts';
import { splitJson } from '../ingest/sources/formats/json.ts';
import { readLines } from '../ingest/sources/lines.ts';
import { PARSERS } from '../ingest/sources/read.ts';
import { utf8Prefix } from '../ingest/sources/utf8.ts';
import { detex } from '../ingest/sources/latex.ts';
import { createRng } from '../graph/rng.ts';

const FIX = 'test/fixtures/sources';
const fx = (name: string): string => join(FIX, name);

function expectBalanced(stats: ReadStats): void {
  expect(stats.read).toBe(stats.accepted + stats.rejected + stats.duplicates);
  expect(stats.rejections).toHaveLength(stats.rejected);
  expect(Object.values(stats.byCode).reduce((a, b) => a + b, 0)).toBe(stats.rejected);
}

interface FormatCase {
  file: string;
  format: SourceFormat;
  ids: string[];
  titles: string[];
  rejected: [RejectCode, number][];
}

// Each fixture: detected format, the papers in order, and the rejections (code, line) in order.
const FORMAT_CASES: FormatCase[] = [
  {
    file: 'hf-page-blank.txt',
    format: 'hf-page',
    ids: [titleId('UL2: Unifying Language Learning Paradigms'), titleId('LoRA: Low-Rank Adaptation of Large Language Models'), titleId('Mixtral of Experts')],
    titles: ['UL2: Unifying Language Learning Paradigms', 'LoRA: Low-Rank Adaptation of Large Language Models', 'Mixtral of Experts'],
    rejected: [],
  },
  {
    file: 'hf-page-compact.txt',
    format: 'hf-page',
    ids: [titleId('(Almost) Free Modality Stitching of Foundation Models'), titleId('Deep Model Assembling'), titleId('Modular Deep Learning')],
    titles: ['(Almost) Free Modality Stitching of Foundation Models', 'Deep Model Assembling', 'Modular Deep Learning'],
    rejected: [],
  },
  {
    file: 'hf-page-broken.txt',
    format: 'hf-page',
    ids: [titleId('Tuning Pre-trained Model via Moment Probing'), titleId('Stitchable Neural Networks')],
    titles: ['Tuning Pre-trained Model via Moment Probing', 'Stitchable Neural Networks'],
    rejected: [['missing-abstract', 3], ['missing-title', 6], ['missing-abstract', 9]],
  },
  {
    file: 'papers.jsonl',
    format: 'jsonl',
    ids: ['p1', 'arxiv:1810.04805', titleId('GPT-4 Technical Report')],
    titles: ['Attention Is All You Need', 'BERT: Pre-training of Deep Bidirectional Transformers', 'GPT-4 Technical Report'],
    rejected: [['missing-abstract', 4], ['missing-title', 5], ['invalid-json', 6], ['invalid-record', 7], ['invalid-record', 8]],
  },
  {
    file: 'papers.jsonl.gz',
    format: 'jsonl',
    ids: ['p1', 'arxiv:1810.04805', titleId('GPT-4 Technical Report')],
    titles: ['Attention Is All You Need', 'BERT: Pre-training of Deep Bidirectional Transformers', 'GPT-4 Technical Report'],
    rejected: [['missing-abstract', 4], ['missing-title', 5], ['invalid-json', 6], ['invalid-record', 7], ['invalid-record', 8]],
  },
  {
    file: 'papers.json',
    format: 'json',
    ids: ['acl:P19-1001', titleId('Second Element, Same Line'), titleId('Unicode: Ünïcödé Tïtlé — ok')],
    titles: ['Pretty Printed: A Paper Spread Over Lines', 'Second Element, Same Line', 'Unicode: Ünïcödé Tïtlé — ok'],
    rejected: [],
  },
  {
    file: 'hf-api.json',
    format: 'hf-api',
    ids: ['arxiv:2501.15383', 'arxiv:2412.15115'],
    titles: ['Qwen2.5-1M Technical Report', 'Qwen2.5 Technical Report'],
    rejected: [],
  },
  {
    file: 'arxiv.xml',
    format: 'arxiv',
    ids: ['arxiv:2401.00001', 'arxiv:hep-th/9901001'],
    titles: ['A Streaming Parser for Atom Feeds', 'An Old-Style Identifier'],
    rejected: [['missing-abstract', 26]],
  },
  {
    file: 'papers.csv',
    format: 'csv',
    ids: [titleId('Attention, Please: Commas in Titles'), 'arxiv:2105.00001'],
    titles: ['Attention, Please: Commas in Titles', 'Plain Title'],
    rejected: [['missing-abstract', 6], ['missing-title', 7]],
  },
  {
    file: 'papers.tsv',
    format: 'csv',
    ids: [titleId('Tab Separated Title')],
    titles: ['Tab Separated Title'],
    rejected: [],
  },
];

describe('formats', () => {
  it.each(FORMAT_CASES)('$file → $format', async ({ file, format, ids, titles, rejected }) => {
    const { papers, stats } = await readPapers([fx(file)]);
    expectBalanced(stats);
    expect(papers.map((p) => p.id)).toEqual(ids);
    expect(papers.map((p) => p.title)).toEqual(titles);
    expect(stats.rejections.map((r) => [r.code, r.line])).toEqual(rejected);
    expect(stats.rejections.every((r) => r.file === fx(file))).toBe(true);
    expect(papers.every((p) => p.sources[0]!.format === format && p.sources[0]!.file === fx(file))).toBe(true);
    expect(stats).toMatchObject({ accepted: ids.length, rejected: rejected.length, duplicates: 0 });
  });

  it.each(FORMAT_CASES)('detectFormat($file) = $format', ({ file, format }) => {
    expect(detectFormat(file, readBytes(file))).toBe(format);
  });

  it('keeps record fields: JSON Lines', async () => {
    const { papers } = await readPapers([fx('papers.jsonl')]);
    expect(papers[0]).toEqual({
      id: 'p1',
      title: 'Attention Is All You Need',
      abstract: 'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks.',
      date: '2017-06-12',
      authors: ['Ashish Vaswani', 'Noam Shazeer'],
      sources: [{ file: fx('papers.jsonl'), line: 1, format: 'jsonl' }],
    });
    expect(papers[1]).toMatchObject({ date: '2018', url: 'https://arxiv.org/abs/1810.04805v2' });
    expect(papers[2]!.authors).toEqual(['OpenAI', 'Josh Achiam']);
  });

  it('keeps record fields: HF page (date lines, code URL kept in the abstract, line of the title)', async () => {
    const { papers } = await readPapers([fx('hf-page-blank.txt')]);
    expect(papers.map((p) => [p.date, p.sources[0]!.line])).toEqual([
      ['--08-20', 13],
      ['--08-20', 17],
      ['--08-21', 23],
    ]);
    expect(papers[1]!.abstract.endsWith('Code is at https://github.com/microsoft/LoRA')).toBe(true);
  });

  it('keeps record fields: JSON array (element start lines, nested objects, multi-byte text)', async () => {
    const { papers } = await readPapers([fx('papers.json')]);
    expect(papers.map((p) => p.sources[0]!.line)).toEqual([2, 9, 10]);
    expect(papers[0]!.authors).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(papers[1]!.abstract).toBe('Braces in strings "{[" do not confuse the splitter.');
    expect(papers[2]).toMatchObject({ abstract: 'Multi-byte characters (é, 中文, 🙂) pass through intact.', date: '2021-03' });
  });

  it('keeps record fields: HF daily_papers API', async () => {
    const { papers } = await readPapers([fx('hf-api.json')]);
    expect(papers[0]).toMatchObject({
      date: '2025-01-26',
      authors: ['An Yang', 'Bowen Yu'],
      url: 'https://huggingface.co/papers/2501.15383',
    });
    expect(papers[1]!.authors).toEqual([]);
  });

  it('keeps record fields: arXiv Atom (whitespace collapsed, entities and CDATA decoded)', async () => {
    const { papers } = await readPapers([fx('arxiv.xml')]);
    expect(papers[0]).toMatchObject({
      title: 'A Streaming Parser for Atom Feeds',
      abstract: 'Atom summaries wrap over several lines & carry entities.',
      date: '2024-01-01',
      authors: ['Jane Doe', 'John Roe'],
      url: 'http://arxiv.org/abs/2401.00001v2',
      sources: [{ file: fx('arxiv.xml'), line: 5, format: 'arxiv' }],
    });
    expect(papers[1]!.abstract).toBe('CDATA sections <are> kept as text.');
  });

  it('keeps record fields: CSV (quoted commas, doubled quotes, embedded newline, header aliases)', async () => {
    const { papers } = await readPapers([fx('papers.csv')]);
    expect(papers[0]).toMatchObject({
      abstract: 'An abstract with "quotes", commas, and an embedded newline that continues here.',
      authors: ['A. Smith', 'B. Jones'],
      date: '2020',
      sources: [{ line: 2 }],
    });
    expect(papers[1]).toMatchObject({ date: '2021', sources: [{ line: 4 }] });
  });

  it('formats a summary with per-code counts and one line per rejection', async () => {
    const { stats } = await readPapers([fx('papers.jsonl')]);
    expect(formatReadSummary(stats)).toBe(
      'read 8 = accepted 3 + rejected 5 + duplicates 0 (invalid-record 2, invalid-json 1, missing-abstract 1, missing-title 1)',
    );
    expect(formatRejection(stats.rejections[0]!)).toBe(`${fx('papers.jsonl')}:4: missing-abstract: record has no abstract`);
  });

  it('--format overrides detection', async () => {
    const { papers, stats } = await readPapers([fx('hf-page-compact.txt')], { format: 'jsonl' });
    expect(papers).toEqual([]);
    expect(stats.byCode).toEqual({ 'invalid-json': 8 });
    expectBalanced(stats);
  });

  it('readRecords streams one file in order, records and rejections interleaved', async () => {
    const lines: (string | number)[] = [];
    for await (const item of readRecords(fx('papers.jsonl'))) lines.push('code' in item ? item.code : item.source.line);
    expect(lines).toEqual([1, 3, 'missing-abstract', 'missing-title', 'invalid-json', 'invalid-record', 'invalid-record', 9]);
  });
});

function readBytes(file: string): Buffer {
  const buf = readFileSync(fx(file));
  return file.endsWith('.gz') ? gunzipSync(buf) : buf;
}

describe('detectFormat from content', () => {
  it.each<[string, string, SourceFormat | undefined]>([
    ['a.json', '{"title": "x", "abstract": "y"}\n{"title": "z"}\n', 'jsonl'],
    ['a.json', '{\n  "title": "x"\n}\n', 'json'],
    ['a.txt', '[{"title": "x"}]', 'json'],
    ['a.txt', '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', 'arxiv'],
    ['a', 'Title;Abstract;Year\nx;y;2020\n', 'csv'],
    ['a', 'paper_title,summary\nx,y\n', 'csv'],
    ['a', 'new\n\nSubscribe\n\nSome Title\n', 'hf-page'],
    ['a.dat', 'just words\n', undefined],
    ['a.html', '<html><body></body></html>', undefined],
    ['x.jsonl.gz', '{"title": "x"}\n', 'jsonl'],
  ])('%s %j → %s', (name, head, expected) => {
    expect(detectFormat(name, Buffer.from(head))).toBe(expected);
  });
});

describe('identity', () => {
  it.each<[string | undefined, string | undefined]>([
    ['http://arxiv.org/abs/2401.00001v2', '2401.00001'],
    ['https://arxiv.org/pdf/2401.00001v1.pdf', '2401.00001'],
    ['2401.00001', '2401.00001'],
    ['arXiv:2401.12345v3', '2401.12345'],
    ['https://huggingface.co/papers/2501.15383', '2501.15383'],
    ['http://arxiv.org/abs/hep-th/9901001v1', 'hep-th/9901001'],
    ['https://example.org/paper/2401.00001', undefined],
    ['p505', undefined],
    [undefined, undefined],
  ])('arxivIdFrom(%s) = %s', (input, expected) => {
    expect(arxivIdFrom(input)).toBe(expected);
  });

  it.each<[unknown, string | undefined]>([
    ['2024-01-05T17:00:00.000Z', '2024-01-05'],
    ['2024-01', '2024-01'],
    [1963, '1963'],
    ['1963', '1963'],
    ['Aug 20', '--08-20'],
    ['Aug 20, 2024', '2024-08-20'],
    ['20 August 2024', '2024-08-20'],
    ['yesterday', undefined],
    [null, undefined],
  ])('normaliseDate(%j) = %s', (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });

  it.each([
    ['Qwen2.5-1M  Technical Report', 'qwen2 5 1m technical report'],
    ['DEEP MODEL ASSEMBLING!', 'deep model assembling'],
    ['Ünïcödé — Ｔｉｔｌｅ', 'ünïcödé title'],
  ])('normaliseTitle(%s) = %s', (title, key) => {
    expect(normaliseTitle(title)).toBe(key);
  });

  it.each([
    [{ id: 'p505', url: 'https://arxiv.org/abs/2401.00001', title: 'T' }, 'p505'],
    [{ url: 'https://arxiv.org/abs/2401.00001v2', title: 'T' }, 'arxiv:2401.00001'],
    [{ arxivId: '2401.00001', title: 'T' }, 'arxiv:2401.00001'],
    [{ title: 'Deep  Model Assembling' }, titleId('deep model assembling!')],
  ])('paperId(%j) = %s', (rec, id) => {
    expect(paperId(rec)).toBe(id);
  });

  it('title ids are t: + 12 hex digits', () => {
    expect(titleId('Deep Model Assembling')).toMatch(/^t:[0-9a-f]{12}$/);
  });
});

describe('LaTeX in titles and abstracts', () => {
  it.each<[string, string]>([
    ['we introduce T\\"ULU 3, a family', 'we introduce TÜLU 3, a family'],
    ['Unpaired Neural Schr\\"{o}dinger Bridge (UNSB)', 'Unpaired Neural Schrödinger Bridge (UNSB)'],
    ['the superiority of \\textsc{FuseChat-7B} across', 'the superiority of FuseChat-7B across'],
    ['(I) \\textbf{L}azy learning', '(I) Lazy learning'],
    ['tuned the \\textmu P hyperparameters', 'tuned the µP hyperparameters'],
    ['accuracy (73.8\\%) in visual Q\\&A', 'accuracy (73.8%) in visual Q&A'],
    ['Erd\\H{o}s, \\v{S}koda, Ca\\~{n}ada, G\\"odel, Stra\\ss{}e, {\\O}resund, na\\"\\i ve', 'Erdős, Škoda, Cañada, Gödel, Straße, Øresund, naï ve'],
    ['see \\url{https://github.com/x/a_b}.', 'see https://github.com/x/a_b.'],
  ])('detex(%j)', (input, expected) => {
    expect(detex(input)).toBe(expected);
  });

  it('leaves math, unknown commands and text without a backslash as written', () => {
    for (const s of ['we present \\veomni, a modular', 'a loss $\\mathcal{L}_1$ term', 'plain text: 5% of {braces}']) expect(detex(s)).toBe(s);
  });

  it('reads Windows-1252 quotes and dashes left as control characters', () => {
    expect(cleanText('Using David Chiang\x92s STIG parser, the \x93best\x94 results \x96 so far\x85')).toBe('Using David Chiang’s STIG parser, the “best” results – so far…');
  });

  it('reads LaTeX out of every format through the shared field cleaning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'papergraph-latex-'));
    const file = join(dir, 'x.jsonl');
    writeFileSync(file, JSON.stringify({ id: 'a', title: 'T\\"ULU 3: Open Post-Training', abstract: 'We present T\\"ULU 3 (73.8\\%).', authors: ['M\\"{u}ller'] }) + '\n');
    const { papers } = await readPapers([file]);
    rmSync(dir, { recursive: true });
    expect(papers[0]).toMatchObject({ title: 'TÜLU 3: Open Post-Training', abstract: 'We present TÜLU 3 (73.8%).', authors: ['Müller'] });
  });
});

describe('duplicates and provenance', () => {
  it('merges by id within a file and by normalised title across files; later copies fill missing fields', async () => {
    const { papers, stats } = await readPapers([fx('dup-a.jsonl'), fx('dup-b.csv')]);
    expectBalanced(stats);
    expect(stats).toMatchObject({ read: 5, accepted: 3, rejected: 0, duplicates: 2 });
    expect(papers.map((p) => p.id)).toEqual(['dup-1', 'dup-2', titleId('New Paper Only Here')]);
    expect(papers[0]).toEqual({
      id: 'dup-1',
      title: 'Deep Model Assembling',
      abstract: 'Large deep learning models have achieved remarkable success in many scenarios.',
      date: '2022-12-02',
      authors: ['Zanlin Ni', 'Yulin Wang'],
      url: 'https://example.org/dma',
      sources: [
        { file: fx('dup-a.jsonl'), line: 1, format: 'jsonl' },
        { file: fx('dup-a.jsonl'), line: 2, format: 'jsonl' },
        { file: fx('dup-b.csv'), line: 2, format: 'csv', id: titleId('DEEP MODEL ASSEMBLING!') },
      ],
    });
  });

  it('order follows the inputs as given', async () => {
    const { papers } = await readPapers([fx('dup-b.csv'), fx('dup-a.jsonl')]);
    expect(papers.map((p) => p.title)).toEqual(['DEEP MODEL ASSEMBLING!', 'New Paper Only Here', 'Stitchable Neural Networks']);
  });

  it('a directory is read recursively in name order, unsupported files skipped', async () => {
    const { papers, stats } = await readPapers([fx('dir-mixed')]);
    expectBalanced(stats);
    expect(papers.map((p) => p.sources[0]!.file)).toEqual([
      fx('dir-mixed/a.jsonl'),
      fx('dir-mixed/b.txt'),
      fx('dir-mixed/b.txt'),
      fx('dir-mixed/b.txt'),
      fx('dir-mixed/sub/c.jsonl'),
    ]);
  });
});

describe('seed corpus', () => {
  it('readPapers([]) reads the bundled corpus: 636 records, 546 papers, nothing rejected', async () => {
    const progress: number[] = [];
    const { papers, stats } = await readPapers([], { onProgress: (n) => progress.push(n) });
    expect(stats).toMatchObject({ read: 636, accepted: 546, rejected: 0, duplicates: 90 });
    expectBalanced(stats);
    expect(papers).toHaveLength(546);
    expect(new Set(papers.map((p) => p.id)).size).toBe(546);
    expect(formatReadSummary(stats)).toBe('read 636 = accepted 546 + rejected 0 + duplicates 90');
    expect(progress.at(-1)).toBe(636);
    // Provenance names bundled files relative to the repo, wherever it is checked out.
    expect(papers[0]!.sources[0]).toEqual({ file: 'ingest/corpus/000_b6f4b1d9201f11ec.txt', line: 13, format: 'hf-page' });
  });

  it.each([
    ['000_b6f4b1d9201f11ec.txt', 90, '--08-20'],
    ['001_efaff500b9d8d26e.txt', 96, '--03-13'],
    ['002_68d4bee28cae8cff.txt', 105, '--08-08'],
    ['003_e29ecd77a8ca07b4.txt', 235, undefined],
    ['004_5088a6120eed4ee3.txt', 110, '--04-28'],
  ])('%s holds %i records dated %s', async (file, records, date) => {
    const { papers, stats } = await readPapers([join(BUNDLED_CORPUS, file)]);
    expect(stats.read).toBe(records);
    expect(stats.rejected).toBe(0);
    expect(new Set(papers.map((p) => p.date))).toEqual(new Set([date]));
  });

  it('strips "Subscribe" glued to the first title and keeps every chrome line out of the papers', async () => {
    const { papers } = await readPapers([]);
    const titles = new Set(papers.map((p) => p.title));
    expect(titles.has('(Almost) Free Modality Stitching of Foundation Models')).toBe(true);
    for (const chrome of ['new', 'Subscribe', 'Daily Papers', 'byAK and the research community', 'Aug 20']) {
      expect(titles.has(chrome)).toBe(false);
    }
    expect(papers.some((p) => p.title.startsWith('Subscribe'))).toBe(false);
  });

  it('a paper on several pages lists every file:line it came from', async () => {
    const { papers } = await readPapers([]);
    const p = papers.find((x) => x.title === 'Towards All-in-one Pre-training via Maximizing Multi-modal Mutual Information');
    expect(p!.sources.map((s) => `${s.file}:${s.line}`)).toEqual([
      'ingest/corpus/000_b6f4b1d9201f11ec.txt:13',
      'ingest/corpus/001_efaff500b9d8d26e.txt:219',
      'ingest/corpus/002_68d4bee28cae8cff.txt:173',
    ]);
  });

  it('two reads give identical papers', async () => {
    const a = await readPapers([]);
    const b = await readPapers([]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('shared data', () => {
  it('the gold file keeps its ids verbatim', async () => {
    const { papers, stats } = await readPapers(['../shared/gold/dev.jsonl']);
    expect(stats).toMatchObject({ read: 40, accepted: 40, rejected: 0 });
    const gold = readFileSync('../shared/gold/dev.jsonl', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(papers.map((p) => p.id)).toEqual(gold);
  });

  it('reads the gzipped ACL corpus as JSON Lines', async () => {
    const { papers, stats } = await readPapers(['../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz']);
    expectBalanced(stats);
    expect(stats).toMatchObject({ read: 58959, rejected: 0, duplicates: 59, accepted: 58900 });
    expect(papers[0]).toMatchObject({ id: '1963.earlymt-1.1', date: '1963', authors: ['Irena Bellert'] });
  }, 120_000);
});

describe('strict mode and options', () => {
  it.each<[string, RejectCode, number]>([
    ['papers.jsonl', 'missing-abstract', 4],
    ['hf-page-broken.txt', 'missing-abstract', 3],
    ['arxiv.xml', 'missing-abstract', 26],
    ['papers.csv', 'missing-abstract', 6],
    ['no-such-file.jsonl', 'missing-file', 0],
  ])('%s throws SourceError %s at line %i', async (file, code, line) => {
    const err = await readPapers([fx(file)], { strict: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ code, file: fx(file), line });
    expect((err as Error).message.startsWith(`${fx(file)}:${line}: `)).toBe(true);
  });

  it('strict mode reads clean input normally', async () => {
    const { stats } = await readPapers([fx('hf-page-blank.txt')], { strict: true });
    expect(stats.accepted).toBe(3);
  });

  it.each<[string, object]>([
    ['maxRecordBytes', { maxRecordBytes: 0 }],
    ['maxRecordBytes', { maxRecordBytes: 1.5 }],
    ['format', { format: 'yaml' }],
    ['strict', { strict: 'yes' }],
  ])('rejects an invalid `%s`', (field, options) => {
    expect(() => validateReadOptions(options as never)).toThrow(ReadOptionsError);
    try {
      validateReadOptions(options as never);
    } catch (e) {
      expect((e as ReadOptionsError).field).toBe(field);
    }
  });

  it('defaults', () => {
    expect(validateReadOptions()).toEqual(READ_DEFAULTS);
    expect(READ_DEFAULTS).toEqual({ strict: false, maxRecordBytes: 1024 * 1024, keepRejections: 1000 });
  });
});

describe('chunk boundaries', () => {
  // The same bytes split at random places must give the same records: strings with escapes,
  // brackets inside strings, multi-byte characters and CRLF all straddle chunk edges here.
  const values = [
    { title: 'a "quoted" \\ back\\slash', abstract: 'brackets ] } [ { in a string', n: [1, [2, { x: '}' }]] },
    { title: 'Ünïcödé 中文 🙂', abstract: 'line\nbreak\ttab' },
    'a bare string, with a comma',
    12.5e3,
    null,
    { deep: { deeper: { deepest: ['"', '\\', '\\"'] } } },
  ];
  const text = `[\r\n  ${values.map((v) => JSON.stringify(v, null, 1)).join(',\r\n  ')}\r\n]\r\n`;
  const bytes = Buffer.from(text);

  /** `data` in chunks of 1–7 bytes, cut where a seeded rng says (or of a fixed `size`). */
  async function* chunksOf(data: Buffer, seed: number, size?: number): AsyncGenerator<Buffer> {
    const rng = createRng(seed);
    for (let i = 0; i < data.length; ) {
      const n = size ?? 1 + Math.floor(rng() * 7);
      yield data.subarray(i, i + n);
      i += n;
    }
  }
  const chunked = (seed: number): AsyncGenerator<Buffer> => chunksOf(bytes, seed);

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('splitJson, split with seed %i', async (seed) => {
    const out: unknown[] = [];
    const lines: number[] = [];
    for await (const el of splitJson(chunked(seed), 1 << 20)) {
      if (el.kind === 'error') throw new Error(el.message);
      out.push(JSON.parse(el.bytes!.toString('utf8')));
      lines.push(el.line);
    }
    expect(out).toEqual(values);
    // Each element's line: newlines before where it starts, plus one.
    expect(lines).toEqual(values.map((v) => text.slice(0, text.indexOf(JSON.stringify(v, null, 1))).split('\n').length));
  });

  it.each<[string, SourceFormat]>([
    ['hf-page-blank.txt', 'hf-page'],
    ['hf-page-broken.txt', 'hf-page'],
    ['papers.jsonl', 'jsonl'],
    ['papers.json', 'json'],
    ['hf-api.json', 'hf-api'],
    ['arxiv.xml', 'arxiv'],
    ['papers.csv', 'csv'],
  ])('%s parses the same whole and in 1–7 byte chunks', async (file, format) => {
    const data = readFileSync(fx(file));
    const parse = async (chunks: AsyncIterable<Buffer>): Promise<unknown[]> => {
      const out: unknown[] = [];
      for await (const item of PARSERS[format](chunks, { maxRecordBytes: 1 << 20 })) out.push(item);
      return out;
    };
    const whole = await parse(chunksOf(data, 0, data.length));
    const pieces = await parse(chunksOf(data, 7));
    expect(whole.length).toBeGreaterThan(0);
    expect(pieces).toEqual(whole);
  });

  it.each([1, 2, 3, 4])('readLines, split with seed %i', async (seed) => {
    const out: string[] = [];
    for await (const l of readLines(chunked(seed), 1 << 20)) out.push('code' in l ? l.code : l.text);
    expect(out).toEqual(text.replace(/\r\n$/, '').split(/\r?\n/));
  });
});

describe('utf8Prefix agrees with a fatal TextDecoder', () => {
  const decodes = (b: Uint8Array, stream = false): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b, { stream });
      return true;
    } catch {
      return false;
    }
  };
  // Bytes drawn from the ranges where UTF-8 rules change (lead bytes, continuation edges).
  const POOL = [0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];

  it.each([1, 2, 3])('on 3000 random byte strings (seed %i)', (seed) => {
    const rng = createRng(seed);
    for (let t = 0; t < 3000; t++) {
      const b = Uint8Array.from({ length: Math.floor(rng() * 7) }, () => POOL[Math.floor(rng() * POOL.length)]!);
      const { valid, incomplete } = utf8Prefix(b);
      expect(valid === b.length && !incomplete).toBe(decodes(b));
      expect(decodes(b.subarray(0, valid))).toBe(true);
      if (incomplete) expect(decodes(b, true)).toBe(true);
    }
  });
});
