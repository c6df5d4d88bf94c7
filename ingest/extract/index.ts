// Extraction stage: papers → Extraction records (entities with keys, evidence, scores, results) + dropped candidates.
import type { Extraction, Paper, Pruned } from '../types.ts';
import { corpusPass, type EntityExplanation } from './corpus.ts';
import { defaultResources, extractPaper, type PaperLocal } from './engine.ts';
import { validateExtractOptions, type ExtractOptions } from './options.ts';
import { runPool } from './pool.ts';

export { EXTRACT_DEFAULTS, ExtractError, validateExtractOptions } from './options.ts';
export type { ExtractOptions } from './options.ts';
export { canonicalKey, familyOf } from './canonical.ts';
export type { EntityExplanation } from './corpus.ts';

export interface ExtractResult {
  extractions: Extraction[];
  pruned: Pruned[];
  /** With `keepFeatures`: per paper, the scorer's verdict on every candidate entity (for --explain). */
  explanations?: Map<string, EntityExplanation[]>;
}

/** Per-paper pass only (no corpus pass), on the calling thread or on workers. In input order. */
export async function extractLocal(papers: Paper[], o: ExtractOptions): Promise<PaperLocal[]> {
  const engine = { maxEvidence: o.maxEvidence, keepFeatures: o.keepFeatures };
  if (o.workers > 1 && papers.length >= o.minPapersForWorkers) return runPool(papers, o.workers, o.batchSize, engine, o.onProgress);
  const res = defaultResources();
  const out: PaperLocal[] = new Array(papers.length);
  for (let i = 0; i < papers.length; i++) {
    out[i] = extractPaper(papers[i]!, res, engine);
    if ((i + 1) % 500 === 0) o.onProgress?.(500);
  }
  if (papers.length % 500) o.onProgress?.(papers.length % 500);
  return out;
}

/** Extracts methods, datasets and benchmarks from every paper; `extractions[i]` belongs to `papers[i]`. */
export async function extractPapers(papers: Paper[], options?: Partial<ExtractOptions>): Promise<ExtractResult> {
  const o = validateExtractOptions(options);
  const locals = await extractLocal(papers, o);
  return corpusPass(locals);
}
