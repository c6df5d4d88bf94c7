// The benchmarks' cached ACL builds (.state/bench/*.json) are valid only for the code and data that made them: each
// cache is stored with a key over the corpus (size, mtime) and the contents of every source, model and lexicon file
// under ingest/ and graph/ (or, for a cache of extractions alone, under ingest/ without the topic stage), and is used
// only while that key still matches — an extractor or graph change rebuilds it instead of silently reusing the old
// result.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../ingest/paths.ts';

const SOURCE = /\.(?:ts|mjs|json|txt|tsv|gz)$/;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (SOURCE.test(e.name)) out.push(p);
  }
  return out;
}

/**
 * A key over the corpus file and the code and data that turn it into a graph (`stage: 'graph'`), or into papers and
 * extractions only (`'extract'`: ingest/ without ingest/topics, which runs after extraction, and without graph/ — so
 * a community or topic change does not redo the minute of extraction).
 */
export function buildKey(corpus: string, stage: 'graph' | 'extract' = 'graph'): string {
  const h = createHash('sha256');
  const s = statSync(corpus);
  h.update(`${corpus}\0${s.size}\0${s.mtimeMs}\0${stage}\0`);
  const sources = stage === 'graph'
    ? [...files(join(REPO_ROOT, 'ingest')), ...files(join(REPO_ROOT, 'graph'))]
    : files(join(REPO_ROOT, 'ingest')).filter((f) => !relative(REPO_ROOT, f).startsWith(join('ingest', 'topics')));
  for (const f of sources.sort()) {
    h.update(`${relative(REPO_ROOT, f)}\0`);
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

/** Whether `cache` was written for `key` (its key sits beside it in `cache.key`). */
export function cacheFresh(cache: string, key: string): boolean {
  return existsSync(cache) && existsSync(`${cache}.key`) && readFileSync(`${cache}.key`, 'utf8') === key;
}

/** Writes `cache` and then its key (a crash between the two leaves a cache that is not trusted). */
export function writeCache(cache: string, key: string, text: string): void {
  writeFileSync(cache, text);
  writeFileSync(`${cache}.key`, key);
}
