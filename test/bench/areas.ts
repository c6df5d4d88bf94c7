// Do communities match real research areas? On the ACL Anthology corpus, papers of venues devoted to one area
// (test/bench/venue-areas.txt: WMT → translation, SIGDIAL → dialogue, …) are compared with the communities they land
// in: share in a listed community, NMI and purity against the areas — for papergraph and, in the same run, the plain
// text baseline (test/py/text_baseline.py: TF-IDF of title + abstract, 100-d LSA, 10-NN cosine graph, Leiden).
// Also the share of all papers in a listed community, for the seed build and the ACL build.
//
//   npm run bench:areas                      # seed + ACL (papergraph and baseline)
//   npm run bench:areas -- --no-baseline     # papergraph only
//   npm run bench:areas -- --seeds 3         # papergraph over 3 community seeds (mean and spread)
//   npm run bench:areas -- --resolution 1.5  # communities at another modularity resolution γ (default: papergraph's)
//   npm run bench:areas -- --split 0.15      # areas split into lines at another resolution (default: papergraph's)
//   npm run bench:areas -- --split-min 0     # split areas of any size (default: papergraph's splitMinPapers)
//
// Read + extract of the ACL corpus takes a while; papers and extractions are cached in .state/bench/acl-extract.json
// (kept only while the code and data that made it are unchanged: build-cache.ts). Timings are noisy on a shared machine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildGraph } from '../../graph/build.ts';
import { COMMUNITY_DEFAULTS, detectCommunitiesDetailed } from '../../graph/communities/index.ts';
import type { Community } from '../../graph/types.ts';
import { extractPapers } from '../../ingest/extract/index.ts';
import { readPapers } from '../../ingest/sources/index.ts';
import { extractTopics } from '../../ingest/topics/index.ts';
import type { Extraction, Paper } from '../../ingest/types.ts';
import { areaOf, nmi, parseVenueAreas, purity } from './area-metrics.ts';
import { buildKey, cacheFresh, writeCache } from './build-cache.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const STATE = join(ROOT, '.state/bench');
const ACL = join(ROOT, '../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz');
const AREAS_FILE = join(ROOT, 'test/bench/venue-areas.txt');
const PYTHON = '/usr/bin/python3';
/** The areas the issue names (#12); the others in venue-areas.txt are checked the same way, as a held-out set. */
const NAMED = new Set(['translation', 'dialogue', 'biomedical', 'education', 'argument mining', 'mental health', 'morphology and phonology',
  'figurative language', 'online abuse', 'noisy user-generated text', 'legal', 'finance', 'gender bias']);

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seeds = flag('--seeds', 1);
const resolution = flag('--resolution', COMMUNITY_DEFAULTS.resolution);
const splitResolution = flag('--split', COMMUNITY_DEFAULTS.splitResolution);
const splitMinPapers = flag('--split-min', COMMUNITY_DEFAULTS.splitMinPapers);
const withBaseline = !args.includes('--no-baseline');
const log = (line: string) => process.stderr.write(`${line}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

async function readAndExtract(inputs: string[], cache?: string): Promise<{ papers: Paper[]; extractions: Extraction[] }> {
  const key = cache ? buildKey(ACL, 'extract') : '';
  if (cache && cacheFresh(cache, key)) {
    log(`  using cached ${cache}`);
    return JSON.parse(readFileSync(cache, 'utf8')) as { papers: Paper[]; extractions: Extraction[] };
  }
  const started = performance.now();
  const { papers } = await readPapers(inputs, {});
  const { extractions } = await extractPapers(papers);
  log(`  read + extract ${papers.length} papers in ${secs(performance.now() - started)}`);
  if (cache) writeCache(cache, key, JSON.stringify({ papers, extractions }));
  return { papers, extractions };
}

interface Built {
  community: Map<string, number>;
  summaries: Community[];
  listedShare: number;
  communities: number;
  modularity: number;
  topicsMs: number;
  communitiesMs: number;
  topicsRss: number;
}

/** papergraph's own stages after extraction: topics → graph → communities. RSS growth of the topic stage alone. */
function build(papers: Paper[], extractions: Extraction[], seed: number): Built {
  const rss0 = process.memoryUsage().rss;
  let t = performance.now();
  const topics = extractTopics(papers, extractions);
  const topicsMs = performance.now() - t;
  const topicsRss = process.memoryUsage().rss - rss0;
  const graph = buildGraph(papers, extractions, { topics });
  t = performance.now();
  const { report } = detectCommunitiesDetailed(graph, { seed, resolution, splitResolution, splitMinPapers });
  const communitiesMs = performance.now() - t;
  const community = new Map<string, number>();
  let listed = 0;
  for (const p of papers) {
    const c = graph.getNodeAttribute(p.id, 'community');
    community.set(p.id, c);
    if (c >= 0) listed++;
  }
  return { community, summaries: report.communities, listedShare: listed / papers.length, communities: report.communities.length, modularity: report.modularity, topicsMs, communitiesMs, topicsRss };
}

interface Scores {
  papers: number;
  listed: number;
  nmi: number;
  purity: number;
}

/** Agreement over labelled papers; papers in no listed community count as one "unlisted" group for NMI. */
function score(labelled: { id: string; area: string }[], communityOf: (id: string) => number): Scores {
  const truth = labelled.map((l) => l.area);
  const found = labelled.map((l) => Math.max(-1, communityOf(l.id)));
  const inListed = labelled.filter((_, i) => found[i]! >= 0);
  return {
    papers: labelled.length,
    listed: inListed.length / Math.max(1, labelled.length),
    nmi: nmi(truth, found),
    purity: purity(inListed.map((l) => l.area), inListed.map((l) => communityOf(l.id))),
  };
}

const venues = parseVenueAreas(readFileSync(AREAS_FILE, 'utf8'), 'test/bench/venue-areas.txt');
mkdirSync(STATE, { recursive: true });

// Seed build: share of papers in a listed community.
log('seed corpus');
const seedData = await readAndExtract([]);
const seedBuilt = build(seedData.papers, seedData.extractions, 42);

// ACL build.
log('ACL corpus');
const acl = await readAndExtract([ACL], join(STATE, 'acl-extract.json'));
const categories = new Map<string, string[]>();
for (const line of gunzipSync(readFileSync(ACL)).toString('utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line) as { id: string; categories?: string[] };
  categories.set(r.id, r.categories ?? []);
}
const labelled = acl.papers.flatMap((p) => {
  const area = areaOf(categories.get(p.id) ?? [], venues);
  return area === null ? [] : [{ id: p.id, area }];
});
const runs: (Built & { all: Scores; named: Scores; others: Scores; byArea: Map<string, Scores> })[] = [];
for (let s = 0; s < seeds; s++) {
  const seed = 42 + s;
  log(`  papergraph, seed ${seed}`);
  const built = build(acl.papers, acl.extractions, seed);
  const of = (id: string) => built.community.get(id) ?? -1;
  const byArea = new Map<string, Scores>();
  for (const area of new Set(labelled.map((l) => l.area))) byArea.set(area, score(labelled.filter((l) => l.area === area), of));
  runs.push({
    ...built,
    all: score(labelled, of),
    named: score(labelled.filter((l) => NAMED.has(l.area)), of),
    others: score(labelled.filter((l) => !NAMED.has(l.area)), of),
    byArea,
  });
}

let baseline: { all: Scores; named: Scores; others: Scores; communities: number; seconds: number } | undefined;
if (withBaseline) {
  log('  text baseline (Python: TF-IDF, LSA, kNN, Leiden)');
  const file = join(STATE, 'acl-papers.jsonl');
  writeFileSync(file, `${acl.papers.map((p) => JSON.stringify({ title: p.title, abstract: p.abstract })).join('\n')}\n`);
  const started = performance.now();
  const out = JSON.parse(execFileSync(PYTHON, [join(ROOT, 'test/py/text_baseline.py'), file, '42'], { encoding: 'utf8', maxBuffer: 1 << 28 })) as { membership: number[]; communities: number };
  const byId = new Map(acl.papers.map((p, i) => [p.id, out.membership[i]!]));
  const of = (id: string) => byId.get(id) ?? -1;
  baseline = {
    all: score(labelled, of),
    named: score(labelled.filter((l) => NAMED.has(l.area)), of),
    others: score(labelled.filter((l) => !NAMED.has(l.area)), of),
    communities: out.communities,
    seconds: (performance.now() - started) / 1000,
  };
}

// ---- report
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs: number[]) => (xs.length > 1 ? ` ±${((Math.max(...xs) - Math.min(...xs)) / 2).toFixed(3)}` : '');
const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const pick = (k: 'all' | 'named' | 'others', m: keyof Scores) => runs.map((r) => r[k][m]);

console.log(`\narea-labelled ACL papers: ${labelled.length} (${new Set(labelled.map((l) => l.area)).size} areas; ${labelled.filter((l) => NAMED.has(l.area)).length} in the ${NAMED.size} areas issue #12 names)`);
console.log(`papergraph: resolution ${resolution}, split ${splitResolution} (areas of ${splitMinPapers}+ papers), ${runs.length} run(s), seeds ${runs.map((_, s) => 42 + s).join(', ')}; ${Math.round(mean(runs.map((r) => r.communities)))} listed communities, modularity ${f3(mean(runs.map((r) => r.modularity)))}`);
if (baseline) console.log(`text baseline: ${baseline.communities} communities, ${baseline.seconds.toFixed(0)} s`);
console.log('');
const width = [22, 8, 11, 15, 15, 10, 13, 11];
console.log(['areas', 'papers', 'in listed', 'NMI', 'purity', 'base NMI', 'base purity', 'NMI ratio'].map((h, i) => (i === 0 ? h.padEnd(width[0]!) : h.padStart(width[i]!))).join(''));
for (const [name, key] of [['all', 'all'], ['named in #12', 'named'], ['others (held out)', 'others']] as const) {
  const n = mean(pick(key, 'nmi'));
  const row = [
    name,
    String(runs[0]![key].papers),
    pct(mean(pick(key, 'listed'))),
    `${f3(n)}${spread(pick(key, 'nmi'))}`,
    `${f3(mean(pick(key, 'purity')))}${spread(pick(key, 'purity'))}`,
    baseline ? f3(baseline[key].nmi) : '–',
    baseline ? f3(baseline[key].purity) : '–',
    baseline ? (n / baseline[key].nmi).toFixed(3) : '–',
  ];
  console.log(row.map((c, i) => (i === 0 ? c.padEnd(width[0]!) : c.padStart(width[i]!))).join(''));
}
console.log('\nper area (papergraph, first seed): labelled papers, the share of them in the area\'s largest community, that community,' +
  '\nand the share of its labelled papers that are of this area (low: the area shares a community another area dominates)');
const first = runs[0]!;
const labelOf = new Map(first.summaries.map((c) => [c.id, c.label]));
const areasIn = new Map<number, Map<string, number>>();
for (const l of labelled) {
  const c = first.community.get(l.id) ?? -1;
  let m = areasIn.get(c);
  if (!m) areasIn.set(c, (m = new Map()));
  m.set(l.area, (m.get(l.area) ?? 0) + 1);
}
const largest = (area: string): { community: number; share: number } => {
  const counts = new Map<number, number>();
  for (const l of labelled) if (l.area === area) counts.set(first.community.get(l.id) ?? -1, (counts.get(first.community.get(l.id) ?? -1) ?? 0) + 1);
  const [community, n] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  return { community, share: n / [...counts.values()].reduce((a, b) => a + b, 0) };
};
for (const [area, s] of [...first.byArea].sort((a, b) => b[1].papers - a[1].papers)) {
  const { community, share } = largest(area);
  const inC = areasIn.get(community)!;
  const own = (inC.get(area) ?? 0) / [...inC.values()].reduce((a, b) => a + b, 0);
  const label = community >= 0 ? `#${community} ${labelOf.get(community) ?? ''}` : 'unlisted';
  console.log(`  ${(NAMED.has(area) ? '* ' : '  ') + area.padEnd(36)}${String(s.papers).padStart(6)} ${pct(share).padStart(8)}  ${label.slice(0, 60).padEnd(60)} ${pct(own).padStart(7)}`);
}
console.log('\nshare of all papers in a listed community');
console.log(`  seed corpus: ${pct(seedBuilt.listedShare)} of ${seedData.papers.length} papers (${seedBuilt.communities} communities, modularity ${f3(seedBuilt.modularity)})`);
console.log(`  ACL corpus:  ${pct(first.listedShare)} of ${acl.papers.length} papers (${first.communities} communities, modularity ${f3(first.modularity)})`);
console.log(`\ntime and memory papergraph's topic + community stages add on ACL (first seed): topics ${secs(first.topicsMs)} ` +
  `(+${mb(first.topicsRss)} RSS), communities ${secs(first.communitiesMs)}; peak RSS of this process ${mb(process.resourceUsage().maxRSS * 1024)}`);
console.log('\nNMI: arithmetic normalisation (scikit-learn\'s default), papers outside a listed community counted as one group;' +
  '\npurity: over papers in a listed community; "* " marks the areas issue #12 names. Venue → area: test/bench/venue-areas.txt.');
