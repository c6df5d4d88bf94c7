// The worker pool changes speed, never output: 1 worker and N workers give identical extractions and pruned lists.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractPapers, validateExtractOptions } from '../ingest/extract/index.ts';
import { warmPool } from '../ingest/extract/pool.ts';
import type { Paper } from '../ingest/types.ts';

const ACL = '../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz';

function sample(n: number): Paper[] {
  const lines = gunzipSync(readFileSync(ACL)).toString('utf8').split('\n');
  const out: Paper[] = [];
  // Every 97th record: a spread over the years rather than the first few proceedings.
  for (let i = 0; i < lines.length && out.length < n; i += 97) {
    if (!lines[i]) continue;
    const r = JSON.parse(lines[i]!) as { id: string; title: string; abstract: string };
    out.push({ id: r.id, title: r.title, abstract: r.abstract, authors: [], sources: [] });
  }
  return out;
}

describe('worker pool', () => {
  // Each worker holds up to two batches: cover more batches than slots, fewer, and a single batch.
  it.each([
    { workers: 2, batchSize: 20 },
    { workers: 2, batchSize: 50 },
    { workers: 3, batchSize: 120 },
    { workers: 4, batchSize: 7 },
  ])('gives identical output with 1 worker and $workers workers (batches of $batchSize)', async ({ workers, batchSize }) => {
    const papers = sample(120);
    const one = await extractPapers(papers, { workers: 1 });
    const many = await extractPapers(papers, { workers, minPapersForWorkers: 1, batchSize });
    expect(many.extractions.map((x) => x.paperId)).toEqual(papers.map((p) => p.id));
    expect(JSON.stringify(many)).toBe(JSON.stringify(one));
    expect(one.extractions.some((x) => x.entities.length > 0)).toBe(true);
  }, 60_000);
});

describe('warm pool (workers started before the papers are read)', () => {
  it.each([
    ['as many warm workers as the run uses', 2, 2],
    ['more warm workers than the run uses (the rest are released)', 3, 2],
    ['fewer warm workers than the run uses (it starts the others)', 1, 3],
  ])('%s: the same output as one thread', async (_case, warmed, workers) => {
    const papers = sample(60);
    const one = await extractPapers(papers, { workers: 1 });
    const warm = warmPool(warmed);
    try {
      const many = await extractPapers(papers, { workers, minPapersForWorkers: 1, batchSize: 10 });
      expect(JSON.stringify(many)).toBe(JSON.stringify(one));
    } finally {
      await warm.release();
    }
  }, 60_000);
});

describe('options', () => {
  it.each([
    [{ workers: 0 }, 'invalid-option'],
    [{ maxEvidence: 1.5 }, 'invalid-option'],
    [{ batchSize: -1 }, 'invalid-option'],
    [{ keepFeatures: 'yes' as unknown as boolean }, 'invalid-option'],
    [{ minPapersForWorkers: 0 }, 'invalid-option'],
  ])('rejects %o', (options, code) => {
    expect(() => validateExtractOptions(options)).toThrow(expect.objectContaining({ code }));
  });
  it('accepts partial options over the defaults', () => {
    expect(validateExtractOptions({ workers: 2 }).workers).toBe(2);
  });
});

describe('progress', () => {
  it.each([
    ['one thread', { workers: 1 }],
    ['two workers', { workers: 2, minPapersForWorkers: 1, batchSize: 25 }],
  ])('reports every paper once (%s)', async (_name, options) => {
    const papers = sample(1100);
    let done = 0;
    await extractPapers(papers, { ...options, onProgress: (n) => (done += n) });
    expect(done).toBe(papers.length);
  }, 120_000);
});
