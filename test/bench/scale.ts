// Build benchmark at corpus scale: 1×, 2×, 4×, 8× the ACL corpus (replicas with distinct ids and titles), each
// `papergraph build` in its own process: wall time, peak RSS, seconds per stage, and time per 1k papers relative to
// 1× (linearity). Beside it, in the same run, the file writers against the plain alternative (each file built as one
// string and written whole, as before streaming) on the 1× graph: time and peak RSS of writing alone.
// Run: npm run bench:scale [-- --scales 1,2,4,8 --workers 2 --keep --builds-only]  (--builds-only: not the writers comparison)
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { DirectedGraph } from 'graphology';
import { REPO_ROOT } from '../../ingest/paths.ts';
import { communitiesJsonChunks, entitiesJsonlChunks, gexfChunks, graphJsonChunks, graphmlChunks, LEAN_OMIT, OutputDir } from '../../graph/export/index.ts';
import type { CommunitiesReport, ResearchGraph } from '../../graph/types.ts';

const ACL = join(REPO_ROOT, '..', 'shared', 'corpus', 'acl_anthology', 'acl_anthology_abstracts.jsonl.gz');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
};
const WORK = join(tmpdir(), 'papergraph-scale');
const mb = (kb: number) => Math.round(kb / 1024);

// `--child-write MODE DIR`: write the files of DIR's graph again, streamed (the build's writers) or as whole strings
// (the plain alternative), in a process of its own so its peak RSS is its own.
if (process.argv.includes('--child-write')) {
  const i = process.argv.indexOf('--child-write');
  const [mode, dir] = [process.argv[i + 1]!, process.argv[i + 2]!];
  const graph = DirectedGraph.from(JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8'))) as unknown as ResearchGraph;
  const report = JSON.parse(readFileSync(join(dir, 'communities.json'), 'utf8')) as CommunitiesReport;
  const base = process.resourceUsage().maxRSS;
  const out = join(dir, `rewrite-${mode}`);
  const t0 = performance.now();
  if (mode === 'streamed') {
    const outputs = await OutputDir.open(out);
    await outputs.writeFile('graph.json', graphJsonChunks(graph, { pretty: false }));
    await outputs.writeFile('graph.graphml', graphmlChunks(graph, { omit: LEAN_OMIT }));
    await outputs.writeFile('graph.gexf', gexfChunks(graph, { omit: LEAN_OMIT }));
    await outputs.writeFile('entities.jsonl', entitiesJsonlChunks(graph));
    await outputs.writeFile('communities.json', communitiesJsonChunks(report));
    await outputs.commit();
  } else {
    // What the writers did before: every file one string, written whole.
    mkdirSync(out, { recursive: true });
    const whole = (chunks: Iterable<string>) => [...chunks].join('');
    writeFileSync(join(out, 'graph.json'), `${JSON.stringify(graph.export())}\n`);
    writeFileSync(join(out, 'graph.graphml'), whole(graphmlChunks(graph, { omit: LEAN_OMIT })));
    writeFileSync(join(out, 'graph.gexf'), whole(gexfChunks(graph, { omit: LEAN_OMIT })));
    writeFileSync(join(out, 'entities.jsonl'), whole(entitiesJsonlChunks(graph)));
    writeFileSync(join(out, 'communities.json'), `${JSON.stringify(report, null, 2)}\n`);
  }
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms: Math.round(ms), maxRssMb: mb(process.resourceUsage().maxRSS), loadedRssMb: mb(base) }));
  process.exit(0);
}

/** k copies of every ACL record: copy 0 as is, copy j with id `ID~rj` and title `TITLE (copy j)`. */
async function replicas(scales: number[]): Promise<Map<number, string>> {
  mkdirSync(WORK, { recursive: true });
  const files = new Map(scales.map((k) => [k, join(WORK, `acl-x${k}.jsonl`)] as const));
  const todo = scales.filter((k) => !existsSync(files.get(k)!));
  if (todo.length === 0) return files;
  const streams = new Map(todo.map((k) => [k, createWriteStream(files.get(k)!)] as const));
  for await (const line of createInterface({ input: createReadStream(ACL).pipe(createGunzip()), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Record<string, unknown>;
    for (const [k, out] of streams) {
      let text = '';
      for (let j = 0; j < k; j++) text += `${JSON.stringify(j === 0 ? r : { ...r, id: `${String(r.id)}~r${j}`, title: `${String(r.title)} (copy ${j})` })}\n`;
      if (!out.write(text)) await once(out, 'drain');
    }
  }
  await Promise.all([...streams.values()].map((s) => new Promise((done) => s.end(done))));
  return files;
}

interface Run {
  scale: number;
  papers: number;
  wall: number;
  rssMb: number;
  stages: Record<string, number>;
  /** Resident set / live V8 heap after each stage, MB (the build's own figures, after its collection). */
  memory: Record<string, { rss: number; heap: number; committed: number; external: number; gc?: number; cpu?: number }>;
  /** CPU seconds of the whole process, every thread (user + system). */
  cpu: number;
}

function build(scale: number, file: string, workers: string): Run {
  const out = join(WORK, `out-x${scale}`);
  rmSync(out, { recursive: true, force: true });
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', process.execPath, 'bin/papergraph.js', 'build', file, '--out', out, '--json', '-q', '--workers', workers], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const time = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !time) throw new Error(`build ×${scale} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const summary = JSON.parse(r.stdout) as { papers: number; timings: Record<string, number>; memory: Run['memory'] };
  return { scale, papers: summary.papers, wall: Number(time[1]), rssMb: mb(Number(time[2])), stages: summary.timings, memory: summary.memory, cpu: Number(time[3]) + Number(time[4]) };
}

function rewrite(mode: 'streamed' | 'strings', dir: string): { ms: number; maxRssMb: number; loadedRssMb: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/scale.ts', '--child-write', mode, dir], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rewrite ${mode} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: number; maxRssMb: number; loadedRssMb: number };
}

const scales = arg('scales', '1,2,4,8').split(',').map(Number);
const workers = arg('workers', '2');
console.log(`papergraph build at scale — ACL corpus ×${scales.join(', ×')}, ${workers} extraction workers; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const files = await replicas(scales);
const runs: Run[] = [];
const stageNames = ['read', 'extract', 'topics', 'graph', 'communities', 'layout', 'files'];
console.log(`\n${'scale'.padEnd(6)}${'papers'.padStart(9)}${'wall s'.padStart(9)}${'s/1k'.padStart(7)}${'× 1×'.padStart(7)}${'peak RSS'.padStart(10)}  ${stageNames.map((s) => s.padStart(12)).join('')}`);
for (const k of scales) {
  const run = build(k, files.get(k)!, workers);
  runs.push(run);
  const perK = (run.wall / run.papers) * 1000;
  const first = runs[0]!;
  const ratio = perK / ((first.wall / first.papers) * 1000);
  console.log(
    `${`${k}×`.padEnd(6)}${run.papers.toLocaleString('en-US').padStart(9)}${run.wall.toFixed(1).padStart(9)}${perK.toFixed(2).padStart(7)}${ratio.toFixed(2).padStart(7)}${`${run.rssMb.toLocaleString('en-US')} MB`.padStart(10)}  ${stageNames
      .map((s) => ((run.stages[s] ?? 0) / 1000).toFixed(1).padStart(12))
      .join('')}`,
  );
}
console.log(`(s/1k: wall seconds per 1,000 papers; × 1×: that figure relative to the 1× build — 1.00 is linear)`);
// CPU seconds grow far less than wall seconds when another process shares the cores (not at all only on an idle machine).
console.log(`\nCPU seconds, every thread (user + system): whole build, then each stage:`);
for (const run of runs) {
  console.log(`${`${run.scale}×`.padEnd(6)}${run.cpu.toFixed(1).padStart(9)}${''.padStart(33)}${stageNames.map((s) => ((run.memory[s]?.cpu ?? 0) / 1000).toFixed(1).padStart(12)).join('')}`);
}
console.log(`\nmemory after each stage (after its full collection), MB resident / live V8 heap / committed V8 heap / outside the heap, then seconds of garbage collection in the stage:`);
for (const run of runs) {
  console.log(`${`${run.scale}×`.padEnd(6)}${stageNames.map((s) => (run.memory[s] ? `${run.memory[s].rss}/${run.memory[s].heap}/${run.memory[s].committed}/${run.memory[s].external} ${((run.memory[s].gc ?? 0) / 1000).toFixed(1)}s` : '-').padStart(26)).join('')}`);
}

// The writers against the plain alternative, on the smallest build's graph — when its graph.json can be read back as
// one string (V8's limit is 2^29 characters; 8x the ACL corpus writes ~1.8 GB).
const dir = join(WORK, `out-x${scales[0]}`);
const jsonBytes = statSync(join(dir, 'graph.json')).size;
if (process.argv.includes('--builds-only')) {
  // The builds alone.
} else if (jsonBytes < 2 ** 29) {
  const streamed = rewrite('streamed', dir);
  const strings = rewrite('strings', dir);
  console.log(`\nwriting graph.json, GraphML, GEXF, entities.jsonl, communities.json of the ×${scales[0]} graph again (graph loaded first: ${streamed.loadedRssMb} MB RSS):`);
  console.log(`  streamed writers (temporaries + rename): ${(streamed.ms / 1000).toFixed(1)} s, peak RSS ${streamed.maxRssMb} MB`);
  console.log(`  whole strings, written directly:         ${(strings.ms / 1000).toFixed(1)} s, peak RSS ${strings.maxRssMb} MB`);
  console.log(`  peak RSS above the loaded graph: streamed ${streamed.maxRssMb - streamed.loadedRssMb} MB vs whole strings ${strings.maxRssMb - strings.loadedRssMb} MB`);
} else {
  console.log(`\nwriters vs whole strings: skipped (the ×${scales[0]} graph.json, ${mb(jsonBytes / 1024).toLocaleString('en-US')} MB, is too long to read back as one string; run with a 1× scale first)`);
}
console.log(`load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (!process.argv.includes('--keep')) for (const k of scales) rmSync(join(WORK, `out-x${k}`), { recursive: true, force: true });
