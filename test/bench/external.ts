// External checks of the extractor: GSAP-NER abstracts and SciER test documents, converted to the gold format
// (shared/gold/GUIDELINES.md) and scored with the score.py port. Run: npx tsx test/bench/external.ts [--write DIR]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractPapers } from '../../ingest/extract/index.ts';
import { formatScoreTable, norm, score, type GoldRecord } from '../../ingest/extract/score.ts';
import type { Extraction, Paper } from '../../ingest/types.ts';

const SHARED = new URL('../../../shared/external/', import.meta.url);

interface Doc {
  paper: Paper;
  gold: GoldRecord;
  /** Predictions must come from this offset on (the title is not annotated in GSAP-NER). */
  from: number;
}

/** Groups surfaces by score.py's norm: one gold group per distinct normalised name. */
function groups(names: string[]): string[][] {
  const by = new Map<string, string[]>();
  for (const n of names) {
    const k = norm(n);
    if (!k) continue;
    const g = by.get(k) ?? [];
    if (!g.includes(n)) g.push(n);
    by.set(k, g);
  }
  return [...by.values()];
}

/**
 * GSAP-NER: the `is_abstract` paragraphs of each publication joined into one abstract. MLModel and
 * ModelArchitecture → method, Dataset → dataset (GSAP has no benchmark type, so ours are folded into dataset);
 * the generic-technique Method label and Datasource spans are optional; generic mentions are not entities.
 */
function gsapDocs(): Doc[] {
  const rows = readFileSync(new URL('gsap_ner/gsap_ner_paragraphs.jsonl', SHARED), 'utf8').split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; publication: string; pub_title: string; is_abstract: boolean; text: string; entities: [number, number, string][] })
    .filter((r) => r.is_abstract);
  const byPub = new Map<string, typeof rows>();
  for (const r of rows) byPub.set(r.publication, [...(byPub.get(r.publication) ?? []), r]);
  const docs: Doc[] = [];
  for (const [pub, paras] of [...byPub].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    paras.sort((a, b) => Number(a.id.split('_').pop()) - Number(b.id.split('_').pop()));
    const method: string[] = [];
    const dataset: string[] = [];
    const optional: string[] = [];
    for (const p of paras) {
      for (const [s, e, label] of p.entities) {
        const surface = p.text.slice(s, e).trim();
        if (!surface) continue;
        if (label === 'MLModel' || label === 'ModelArchitecture') method.push(surface);
        else if (label === 'Dataset') dataset.push(surface);
        else if (label === 'Method' || label === 'Datasource' || label === 'Task') optional.push(surface);
      }
    }
    const title = paras[0]!.pub_title;
    const abstract = paras.map((p) => p.text).join('\n');
    const datasetGroups = groups(dataset);
    const dsNorm = new Set(datasetGroups.flat().map(norm));
    // A name labelled both Dataset and Task ('XNLI') is a dataset; a name labelled both MLModel and Method stays a method.
    docs.push({
      paper: { id: pub, title, abstract, authors: [], sources: [] },
      gold: { id: pub, method: groups(method).filter((g) => !g.some((a) => dsNorm.has(norm(a)))), dataset: datasetGroups, benchmark: [], optional: groups(optional) },
      from: title.length + 1,
    });
  }
  return docs;
}

// SciER text is PDF-extracted and tokenised with digits split ('CIFAR - 1 0 0'): rebuild plain text.
function detok(tokens: string[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    const glue = prev === undefined || /^[,.;:)\]%!?]$/.test(t) || prev === '(' || prev === '[' || (t === '-' || prev === '-') || (/^\d$/.test(t) && /\d$/.test(prev) ) || (t === "'s");
    out += (glue ? '' : ' ') + t;
  }
  return out;
}

/**
 * SciER (span-level PLM files): each document's sentences joined as the abstract, no title. Dataset → dataset
 * (benchmarks folded in); Method → method when the span names something (has a capital or a digit), optional
 * when it is a lower-case technique phrase ('recurrent neural networks'), since those are not named entities
 * under our guidelines; Task spans are not entities.
 */
function scierDocs(split: string): Doc[] {
  const rows = readFileSync(new URL(`scier/PLM/${split}.jsonl`, SHARED), 'utf8').split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as { doc_id: string; sentences: string[][]; ner: [number, number, string][][] });
  return rows.map((r) => {
    const flat = r.sentences.flat();
    const abstract = r.sentences.map(detok).join(' ');
    const method: string[] = [];
    const dataset: string[] = [];
    const optional: string[] = [];
    for (const sent of r.ner) {
      for (const [s, e, label] of sent) {
        const surface = detok(flat.slice(s, e + 1));
        if (label === 'Dataset') dataset.push(surface);
        else if (label === 'Method') (/[A-Z0-9]/.test(surface) ? method : optional).push(surface);
      }
    }
    const dsGroups = groups(dataset);
    const dsNorm = new Set(dsGroups.flat().map(norm));
    return {
      paper: { id: `scier:${r.doc_id}`, title: '', abstract, authors: [], sources: [] },
      gold: { id: `scier:${r.doc_id}`, method: groups(method).filter((g) => !g.some((a) => dsNorm.has(norm(a)))), dataset: dsGroups, benchmark: [], optional: groups(optional) },
      from: 0,
    };
  });
}

/** Our predictions as score.py rows, benchmarks folded into dataset, only entities with evidence at or after `from`. */
function predRow(x: Extraction, from: number): GoldRecord {
  const entities = x.entities
    .filter((e) => e.evidence.some((ev) => ev.start >= from) || e.evidence.length === 0)
    .map((e) => ({ name: e.name, type: e.type === 'benchmark' ? 'dataset' : e.type, aliases: e.aliases }));
  return { id: x.paperId, entities };
}

async function run(name: string, docs: Doc[], writeDir?: string): Promise<void> {
  const { extractions } = await extractPapers(docs.map((d) => d.paper), { workers: 1 });
  const gold = new Map(docs.map((d) => [String(d.gold.id), d.gold]));
  const pred = new Map(extractions.map((x, i) => [x.paperId, predRow(x, docs[i]!.from)]));
  const { result } = score(gold, pred);
  console.log(`\n## ${name} (${docs.length} documents; benchmark folded into dataset)`);
  console.log(formatScoreTable(result));
  if (writeDir) {
    mkdirSync(writeDir, { recursive: true });
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    writeFileSync(join(writeDir, `${slug}.gold.jsonl`), docs.map((d) => `${JSON.stringify({ ...d.gold, title: d.paper.title, abstract: d.paper.abstract })}\n`).join(''));
    writeFileSync(join(writeDir, `${slug}.pred.jsonl`), [...pred.values()].map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
}

const w = process.argv.indexOf('--write');
const writeDir = w > 0 ? process.argv[w + 1] : undefined;
await run('GSAP-NER abstracts', gsapDocs(), writeDir);
await run('SciER test', scierDocs('test'), writeDir);
await run('SciER test_ood', scierDocs('test_ood'), writeDir);
