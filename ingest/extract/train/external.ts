// Extra training signal from GSAP-NER (Otto et al., 2023; ../shared/external/gsap_ner), the one external set whose
// annotation separates named models and datasets from generic mentions as GUIDELINES.md does:
//   MLModel, ModelArchitecture → method; Dataset → dataset or benchmark (GSAP has no benchmark type, so the label
//   allows both); MLModelGeneric, DatasetGeneric, Method (generic techniques), Task, URL, ReferenceLink → not an entity;
//   Datasource ('CommonCrawl', 'Wikipedia') → not trained on (the guidelines treat some as datasets).
// Candidates are matched to spans by offset: exact span → its label; partial overlap with a named span → not trained on
// (a boundary question, not a type question); no overlap with any named span → not an entity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../paths.ts';
import type { Paper } from '../../types.ts';
import { extractPaper, loadResources, type EngineResources } from '../engine.ts';
import type { Example } from './pipeline.ts';

export const GSAP_FILE = join(REPO_ROOT, '..', 'shared', 'external', 'gsap_ner', 'gsap_ner_paragraphs.jsonl');

const NAMED: Record<string, number> = { MLModel: 1 << 1, ModelArchitecture: 1 << 1, Dataset: (1 << 2) | (1 << 3) };
const SKIP = new Set(['Datasource']);

interface Paragraph {
  id: string;
  text: string;
  entities: [number, number, string][];
}

/** Labelled examples from the GSAP-NER paragraphs that hold at least one named model or dataset. */
export function gsapExamples(res: EngineResources = loadResources(false), file = GSAP_FILE): { examples: Example[]; paragraphs: number } {
  const out: Example[] = [];
  let paragraphs = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const p = JSON.parse(line) as Paragraph;
    const named = p.entities.filter((e) => NAMED[e[2]] !== undefined);
    if (named.length === 0) continue;
    paragraphs++;
    // The paper text is title + "\n" + abstract: with no title, offsets shift by one.
    const paper: Paper = { id: p.id, title: '', abstract: p.text, authors: [], sources: [] };
    const local = extractPaper(paper, res, { maxEvidence: 1, keepFeatures: true });
    for (const e of local.entities) {
      let mask = 0;
      let partial = false;
      for (const [start, end] of e.spans!) {
        const s = start - 1;
        const t = end - 1;
        const exact = p.entities.find((x) => x[0] === s && x[1] === t && NAMED[x[2]] !== undefined);
        if (exact) mask |= NAMED[exact[2]]!;
        else if (p.entities.some((x) => x[0] < t && s < x[1] && (NAMED[x[2]] !== undefined || SKIP.has(x[2])))) partial = true;
      }
      if (mask) out.push({ features: e.features!, label: mask });
      else if (!partial) out.push({ features: e.features!, label: 1 });
    }
  }
  return { examples: out, paragraphs };
}
