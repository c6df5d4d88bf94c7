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
  if (o.workers > 1 && papers.length >= o.minPapersForWorkers) return runPool(papers, o.workers, o.batchSize, engine);
  const res = defaultResources();
  return papers.map((p) => extractPaper(p, res, engine));
}

/** Extracts methods, datasets and benchmarks from every paper; `extractions[i]` belongs to `papers[i]`. */
export async function extractPapers(papers: Paper[], options?: Partial<ExtractOptions>): Promise<ExtractResult> {
  const o = validateExtractOptions(options);
  const locals = await extractLocal(papers, o);
  return corpusPass(locals);
}
