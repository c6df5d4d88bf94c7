// Extraction benchmark on the ACL corpus: abstracts/s on one core, with all cores (worker threads), peak RSS,
// and a check that 1 and N workers give identical output. Run: npm run bench:extract [-- --limit N --workers N]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import nlp from 'compromise';
import { corpusPass } from '../../ingest/extract/corpus.ts';
import { extractLocal, extractPapers, validateExtractOptions } from '../../ingest/extract/index.ts';
import { BUNDLED_CORPUS, readPapers } from '../../ingest/sources/index.ts';
import type { Paper } from '../../ingest/types.ts';

const ACL = new URL('../../../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz', import.meta.url);
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

// `--child-run`: what a real run holds — read the corpus through the sources stage and extract it with N workers
// (per-paper and corpus passes), in a process of its own, so its peak RSS is not this benchmark's bookkeeping.
if (process.argv.includes('--child-run')) {
  const t0 = performance.now();
  const { papers } = await readPapers([ACL.pathname]);
  const { extractions } = await extractPapers(papers, { workers: arg('workers', availableParallelism()) });
  const entities = extractions.reduce((n, x) => n + x.entities.length, 0);
  console.log(JSON.stringify({ papers: papers.length, entities, ms: Math.round(performance.now() - t0), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}

// Streamed, so reading the corpus does not itself dominate peak RSS.
const limit = arg('limit', Infinity);
const papers: Paper[] = [];
for await (const line of createInterface({ input: createReadStream(ACL).pipe(createGunzip()), crlfDelay: Infinity })) {
  if (!line) continue;
  const r = JSON.parse(line) as { id: string; title?: string; abstract?: string };
  papers.push({ id: r.id, title: r.title ?? '', abstract: r.abstract ?? '', authors: [], sources: [] });
  if (papers.length >= limit) break;
}
const workers = arg('workers', availableParallelism());
const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;
const hash = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);

console.log(`ACL corpus: ${papers.length} abstracts; ${availableParallelism()} cores; node ${process.version}`);

// Baseline: naive compromise (full tagging of every abstract) on a small sample.
const sample = papers.slice(0, 300);
let t = performance.now();
let c0 = process.cpuUsage();
for (const p of sample) nlp(`${p.title}\n${p.abstract}`).json();
const naive = sample.length / ((performance.now() - t) / 1000);
const naiveCpu = sample.length / cpuSeconds(process.cpuUsage(c0));
console.log(`naive compromise nlp(text).json():  ${naive.toFixed(0)} abstracts/s wall, ${naiveCpu.toFixed(0)} per CPU-second (300-abstract sample)`);

// One core: the per-paper pass on the main thread.
const one = validateExtractOptions({ workers: 1 });
await extractLocal(papers.slice(0, 2000), one); // warm-up (JIT, lexicon, compromise model)
t = performance.now();
c0 = process.cpuUsage();
let local1: Awaited<ReturnType<typeof extractLocal>> | undefined = await extractLocal(papers, one);
const wall1 = (performance.now() - t) / 1000;
const cpu1 = cpuSeconds(process.cpuUsage(c0));
console.log(`1 core:     ${(papers.length / wall1).toFixed(0)} abstracts/s wall, ${(papers.length / cpu1).toFixed(0)} abstracts per CPU-second (${wall1.toFixed(1)} s)`);
t = performance.now();
let out1: ReturnType<typeof corpusPass> | undefined = corpusPass(local1);
const corpusMs = performance.now() - t;
const hash1 = hash(out1);
const entities = out1.extractions.reduce((s, x) => s + x.entities.length, 0);
const prunedCount = out1.pruned.length;
local1 = undefined; // keep one result set in memory at a time, as a real run does
out1 = undefined;

// All cores: worker threads (each registers tsx, loads the lexicon and compromise once).
const many = validateExtractOptions({ workers, minPapersForWorkers: 1 });
t = performance.now();
c0 = process.cpuUsage();
const localN = await extractLocal(papers, many);
const wallN = (performance.now() - t) / 1000;
const cpuN = cpuSeconds(process.cpuUsage(c0));
console.log(`${workers} workers:  ${(papers.length / wallN).toFixed(0)} abstracts/s wall (${wallN.toFixed(1)} s incl. worker start-up; speed-up ×${(wall1 / wallN).toFixed(2)}), ${(papers.length / cpuN).toFixed(0)} per CPU-second`);

// Small inputs: the bundled seed corpus (546 papers) with the default options must be no slower than with one
// worker — below `minPapersForWorkers` the pool is not started, because thread start-up costs more than it saves.
{
  const { papers: seed } = await readPapers([BUNDLED_CORPUS]);
  const time = async (o: Partial<Parameters<typeof extractPapers>[1]>): Promise<number> => {
    const t0 = performance.now();
    await extractPapers(seed, o);
    return (performance.now() - t0) / 1000;
  };
  await time({ workers: 1 }); // warm
  const single = Math.min(await time({ workers: 1 }), await time({ workers: 1 }));
  const dflt = Math.min(await time({}), await time({}));
  const forced = await time({ workers, minPapersForWorkers: 1 });
  console.log(`seed corpus (${seed.length} papers): default options ${dflt.toFixed(2)} s, 1 worker ${single.toFixed(2)} s (ratio ${(dflt / single).toFixed(2)}); ${workers} workers forced: ${forced.toFixed(2)} s`);
}

// Identical-output check (the corpus pass runs on the main thread after either per-paper pass).
const same = hash1 === hash(corpusPass(localN));
console.log(`corpus pass: ${corpusMs.toFixed(0)} ms; ${entities} entities, ${prunedCount} pruned candidates`);
console.log(`identical output with 1 and ${workers} workers: ${same ? 'yes' : 'NO'} (sha256 ${hash1})`);
console.log(`peak RSS of this benchmark process (corpus, both result sets, naive sample): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
if (limit === Infinity) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child-run', '--workers', String(workers)], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status === 0 && line.startsWith('{')) {
    const run = JSON.parse(line) as { papers: number; entities: number; ms: number; maxRssMb: number };
    console.log(`a real run (read + extract, ${workers} workers, own process): ${run.papers} papers in ${(run.ms / 1000).toFixed(1)} s, peak RSS ${run.maxRssMb} MB`);
  } else {
    console.log(`a real run (own process) failed: exit ${child.status}: ${child.stderr.trim().split('\n').pop()}`);
    process.exitCode = 1;
  }
}
console.log(`speed-up over naive compromise, 1 core: ×${(papers.length / wall1 / naive).toFixed(1)} wall, ×${(papers.length / cpu1 / naiveCpu).toFixed(1)} CPU time`);
console.log('note: wall-clock rates depend on what else runs on the machine; per-CPU-second rates are steadier under load.');
if (!same) process.exitCode = 1;
