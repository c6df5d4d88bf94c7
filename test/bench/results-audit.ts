// Held-out audit of reported results: extracts the ACL corpus (the gold papers left out), prints how many results
// were read and the result reader's share of extraction time, then a seeded sample of results with their sentence
// for a person to judge. Usage: npx tsx test/bench/results-audit.ts [seed=7] [sample=120]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { defaultResources, generateCandidates } from '../../ingest/extract/engine.ts';
import { isForeign } from '../../ingest/language.ts';
import { extractPapers } from '../../ingest/extract/index.ts';
import { resultsAround } from '../../ingest/extract/results.ts';
import { readPapers } from '../../ingest/sources/index.ts';

const ACL = new URL('../../../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz', import.meta.url);
const GOLD = ['acl-60.jsonl', 'acl-80.jsonl'].map((f) => new URL(`../../../shared/gold/${f}`, import.meta.url));
const seed = Number(process.argv[2] ?? 7);
const size = Number(process.argv[3] ?? 120);

/** mulberry32: a small seeded generator, so the same seed draws the same sample. */
function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const gold = new Set(GOLD.flatMap((u) => readFileSync(u, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { id: string }).id)));
const { papers: all } = await readPapers([ACL.pathname]);
const papers = all.filter((p) => !gold.has(p.id));

let t = performance.now();
const { extractions } = await extractPapers(papers, { workers: 1 });
const extractMs = performance.now() - t;
const found = extractions.flatMap((x, i) => x.entities.flatMap((e) => (e.results ?? []).map((r) => ({ paper: papers[i]!, entity: e, result: r }))));
console.log(`${papers.length} ACL abstracts (${all.length - papers.length} gold papers left out); extraction ${(extractMs / 1000).toFixed(1)} s on one thread`);
console.log(`${found.length} results on ${new Set(found.map((f) => f.paper.id)).size} papers`);

// The reader on every candidate's context (an upper bound: the engine reads only the candidates it groups).
const res = defaultResources();
let contexts = 0;
let readMs = 0;
for (const p of papers) {
  const { cands } = generateCandidates(p, res, isForeign(p.abstract));
  t = performance.now();
  for (const c of cands) resultsAround(c, res.lex);
  readMs += performance.now() - t;
  contexts += cands.length;
}
console.log(`result reader: ${contexts} candidate contexts in ${readMs.toFixed(0)} ms = ${((100 * readMs) / extractMs).toFixed(1)}% of the extraction time`);

const rnd = mulberry32(seed);
const order = found.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
console.log(`\nsample of ${Math.min(size, found.length)} (seed ${seed}): judge each value against its sentence`);
for (const i of order.slice(0, size).sort((a, b) => a - b)) {
  const { paper, entity, result } = found[i]!;
  const sentence = paper.abstract.split(/(?<=[.!?])\s+/).find((s) => s.includes(result.text.slice(0, 30))) ?? '(statement spans sentences)';
  console.log(`\n[${i}] ${paper.id} | ${entity.type} ${entity.name} | ${result.value}${result.metric ? ` ${result.metric}` : ''}\n   read: ${result.text}\n   sentence: ${sentence}`);
}
