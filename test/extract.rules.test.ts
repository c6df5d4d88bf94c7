// Rule families, table-driven: a title/abstract in, the expected entities (name, type, role) out — and what must not come out.
import { describe, expect, it } from 'vitest';
import { explainPaper } from '../ingest/extract/explain.ts';
import { extractPapers } from '../ingest/extract/index.ts';
import type { Extraction, Paper, PaperEntity } from '../ingest/types.ts';

const paper = (title: string, abstract: string, id = 'p1'): Paper => ({ id, title, abstract, authors: [], sources: [] });

async function extract(title: string, abstract: string): Promise<Extraction> {
  const { extractions } = await extractPapers([paper(title, abstract)], { workers: 1 });
  return extractions[0]!;
}

const find = (x: Extraction, name: string): PaperEntity | undefined => x.entities.find((e) => e.aliases.includes(name));
type Want = [name: string, type: PaperEntity['type'], role?: PaperEntity['role']];

const T = 'A study';
const cases: { family: string; title: string; abstract: string; want: Want[] }[] = [
  // title prefixes
  { family: 'title prefix', title: 'UL2: Unifying Language Learning Paradigms', abstract: 'We present a framework. UL2 works well.', want: [['UL2', 'method', 'PROPOSES']] },
  { family: 'title prefix', title: 'REF-VLM: Triplet-Based Referring Paradigm', abstract: 'We study referring tasks.', want: [['REF-VLM', 'method', 'PROPOSES']] },
  { family: 'title prefix', title: 'FooSet: A Large Dataset for Chart Reading', abstract: 'We collect charts from reports.', want: [['FooSet', 'dataset', 'INTRODUCES']] },
  { family: 'title prefix', title: 'BarBench: A Benchmark for Tool Use', abstract: 'We evaluate agents on BarBench.', want: [['BarBench', 'benchmark', 'INTRODUCES']] },
  // definitions
  { family: 'definition', title: T, abstract: 'In this work, we propose MoTE, a scalable and memory-efficient approach to train experts.', want: [['MoTE', 'method', 'PROPOSES']] },
  { family: 'definition', title: T, abstract: 'We introduce a new framework: FedPEFT. It reduces communication.', want: [['FedPEFT', 'method', 'PROPOSES']] },
  { family: 'definition', title: T, abstract: 'A unified framework named ERNIE 3.0 was proposed for pre-training.', want: [['ERNIE 3.0', 'method']] },
  { family: 'definition', title: T, abstract: 'The proposed framework introduces an innovative concept called refresh learning, designed to help.', want: [['refresh learning', 'method', 'PROPOSES']] },
  { family: 'definition', title: T, abstract: 'We contribute a unified benchmark dataset P9D which contains one million pairs.', want: [['P9D', 'dataset', 'INTRODUCES']] },
  { family: 'definition', title: T, abstract: 'We present TabZoo, a new benchmark for tabular reasoning.', want: [['TabZoo', 'benchmark', 'INTRODUCES']] },
  { family: 'definition', title: T, abstract: 'We propose a new algorithm, dubbed CTP, for continual pretraining.', want: [['CTP', 'method', 'PROPOSES']] },
  { family: 'definition', title: T, abstract: 'The model is trained on our proposed dataset OpenIE4++ with two objectives.', want: [['OpenIE4++', 'dataset', 'INTRODUCES']] },
  { family: 'definition', title: T, abstract: 'To re-use the library, we present a novel routing mechanism, Arrow, which selects adapters.', want: [['Arrow', 'method', 'PROPOSES']] },
  // acronyms
  { family: 'acronym', title: T, abstract: 'We propose Mixture-of-Denoisers (MoD), a pre-training objective. MoD combines paradigms.', want: [['Mixture-of-Denoisers', 'method', 'PROPOSES']] },
  { family: 'acronym', title: T, abstract: 'Results use the Gated Recurrent Unit (GRU) as a router.', want: [['Gated Recurrent Unit', 'method']] },
  { family: 'acronym', title: T, abstract: 'This is a study of models we refer to as Pretrained Action-State Transformer Agents (PASTA).', want: [['PASTA', 'method']] },
  // cue contexts
  { family: 'cue', title: T, abstract: 'Our model reaches the top of the MARBLE benchmark.', want: [['MARBLE', 'benchmark']] },
  { family: 'cue', title: T, abstract: 'Experiments on the Text8 dataset show gains.', want: [['Text8', 'dataset']] },
  { family: 'cue', title: T, abstract: 'We evaluate on datasets such as Zorp, Quux and Blix.', want: [['Zorp', 'dataset', 'EVALUATES_ON'], ['Quux', 'dataset', 'EVALUATES_ON'], ['Blix', 'dataset', 'EVALUATES_ON']] },
  { family: 'cue', title: T, abstract: 'Our approach outperforms MoE-LLaVA and Qwen2-VL by a wide margin.', want: [['MoE-LLaVA', 'method', 'USES'], ['Qwen2-VL', 'method', 'USES']] },
  { family: 'cue', title: T, abstract: 'We improve various ViT-based models at scale.', want: [['ViT', 'method', 'USES']] },
  { family: 'cue', title: T, abstract: 'Our base models achieve strong performance on benchmarks like MMLU and AlpacaEval.', want: [['MMLU', 'benchmark', 'EVALUATES_ON'], ['AlpacaEval', 'benchmark', 'EVALUATES_ON']] },
  { family: 'cue', title: T, abstract: 'Vision models which are pretrained on ImageNet transfer well.', want: [['ImageNet', 'dataset', 'USES']] },
  { family: 'cue', title: T, abstract: 'We fine-tune GPT-4o-mini on chat logs.', want: [['GPT-4o-mini', 'method', 'USES']] },
  // lexicon
  { family: 'lexicon', title: T, abstract: 'Prior models such as Stable Diffusion and LLaMA are strong; we also test on The Pile.', want: [['Stable Diffusion', 'method'], ['LLaMA', 'method'], ['The Pile', 'dataset']] },
  { family: 'lexicon', title: T, abstract: 'Experiments use ImageNet-1K and COCO.', want: [['ImageNet-1K', 'dataset'], ['COCO', 'dataset']] },
];

describe.each(cases)('$family: $abstract', ({ title, abstract, want }) => {
  it.each(want)('finds %s as %s (%s)', async (name, type, role) => {
    const x = await extract(title, abstract);
    const e = find(x, name);
    expect(e, `entities: ${x.entities.map((y) => y.name).join(', ')}`).toBeDefined();
    expect(e!.type).toBe(type);
    if (role) expect(e!.role).toBe(role);
  });
});

const negatives: { family: string; abstract: string; absent: string[] }[] = [
  { family: 'stoplisted acronyms', abstract: 'Large Language Models (LLMs) excel in NLP and CV; SOTA results need a GPU and an API.', absent: ['LLMs', 'Large Language Models', 'NLP', 'CV', 'SOTA', 'GPU', 'API'] },
  { family: 'generic long forms', abstract: 'Continual Learning (CL) and Parameter-Efficient Fine-Tuning (PEFT) are studied with Mixture-of-Experts (MoE) models.', absent: ['CL', 'Continual Learning', 'PEFT', 'Parameter-Efficient Fine-Tuning', 'MoE', 'Mixture-of-Experts'] },
  { family: 'unnamed data', abstract: 'We build a large-scale dataset of 1M images and a new benchmark with 7B tokens.', absent: ['1M', '7B'] },
  { family: 'capitalised words', abstract: 'Following Peters et al. (2018), a Bayesian model in English and Chinese was built in Paris in July.', absent: ['Peters', 'Bayesian', 'English', 'Chinese', 'Paris', 'July'] },
  { family: 'hyphenated title words', abstract: 'We study Vision-Language models and Plug-and-Play modules.', absent: ['Vision-Language', 'Plug-and-Play'] },
  { family: 'urls', abstract: 'Code is at https://github.com/LooperXX/ManagerTower and \\url{https://github.com/CSJianYang/Multi-NLP}.', absent: ['LooperXX', 'CSJianYang', 'Multi-NLP', 'ManagerTower'] },
  { family: 'lower-case concepts', abstract: 'We model time series (TS) with state space models (SSMs).', absent: ['TS', 'time series', 'SSMs'] },
  { family: 'task names', abstract: 'We tackle Text-to-Sounding-Video (T2SV) generation and the T2SV task.', absent: ['T2SV'] },
];

describe.each(negatives)('negative — $family', ({ abstract, absent }) => {
  it.each(absent)('does not extract %s', async (name) => {
    const x = await extract(T, abstract);
    expect(x.entities.flatMap((e) => e.aliases)).not.toContain(name);
  });
});

describe('results and repositories', () => {
  it.each([
    ['Our model achieves 72.2 on MMMU and leads the board.', 'mmmu', undefined, 72.2],
    ['It brings +3.1 mAP on COCO over the baseline.', 'coco', 'mAP', 3.1],
    ['It reaches 79.15% accuracy on VQAv2 for the test split.', 'vqav2', 'accuracy', 79.15],
    ['It achieves an ELBO of 1.38 on the Text8 dataset.', 'text8', 'ELBO', 1.38],
  ])('%s', async (abstract, target, metric, value) => {
    const x = await extract(T, abstract);
    const r = x.entities.flatMap((e) => e.results ?? []);
    expect(r).toContainEqual(expect.objectContaining({ target, value, ...(metric ? { metric } : {}) }));
  });
  it('finds code links, also in \\url{} and split "https: //"', async () => {
    const x = await extract(T, 'See \\url{https://github.com/CSJianYang/Multilingual-Multimodal-NLP} and https: //github.com/lzw-lzw/LEGO. Weights: https://huggingface.co/datasets/foo/bar/tree/main.');
    expect(x.repositories).toEqual(['https://github.com/CSJianYang/Multilingual-Multimodal-NLP', 'https://github.com/lzw-lzw/LEGO', 'https://huggingface.co/datasets/foo/bar']);
  });
});

describe('corpus pass', () => {
  it('reuses an acronym definition from another paper for the key', async () => {
    const { extractions } = await extractPapers([
      paper(T, 'We propose Mixture-of-Denoisers (MoD), a new objective.', 'a'),
      paper(T, 'We compare against MoD on three tasks.', 'b'),
    ], { workers: 1 });
    expect(find(extractions[1]!, 'MoD')?.key).toBe(find(extractions[0]!, 'MoD')?.key);
    expect(find(extractions[0]!, 'MoD')?.aliases).toEqual(expect.arrayContaining(['Mixture-of-Denoisers', 'MoD']));
  });
  it.each([
    ['ImageNet-1K', 'ImageNet-1k', true],
    ['GPT-4', 'GPT4', true],
    ['GPT-4', 'GPT-4o', false],
    ['LLaMA2', 'Llama 2', true],
  ])('keys of %s and %s are equal: %s', async (a, b, same) => {
    const { extractions } = await extractPapers([paper(T, `We evaluate ${a} on text.`, 'a'), paper(T, `We evaluate ${b} on text.`, 'b')], { workers: 1 });
    const ka = find(extractions[0]!, a)?.key;
    const kb = find(extractions[1]!, b)?.key;
    expect(ka).toBeDefined();
    expect(ka === kb).toBe(same);
  });
  it('links a variant to its family without merging', async () => {
    const x = await extract(T, 'The series includes Qwen2.5-7B-Instruct-1M and Qwen2.5-14B-Instruct-1M, which outperform GPT-4o-mini.');
    expect(find(x, 'Qwen2.5-7B-Instruct-1M')?.family).toBe('qwen2.5');
    expect(find(x, 'Qwen2.5-7B-Instruct-1M')?.key).not.toBe(find(x, 'Qwen2.5-14B-Instruct-1M')?.key);
  });
  it('returns pruned candidates with their reason', async () => {
    const { pruned } = await extractPapers([paper(T, 'Large Language Models (LLMs) are popular in NLP.')], { workers: 1 });
    expect(pruned.map((p) => p.surface)).toEqual(expect.arrayContaining(['LLMs', 'NLP']));
    expect(pruned.every((p) => /^prune\.[a-z-]+: /.test(p.reason))).toBe(true);
  });
  it('carries evidence with offsets into title + "\\n" + abstract', async () => {
    const title = 'UL2: Unifying Paradigms';
    const abstract = 'We propose Mixture-of-Denoisers (MoD).';
    const x = await extract(title, abstract);
    const text = `${title}\n${abstract}`;
    for (const e of x.entities) for (const ev of e.evidence) expect(e.aliases).toContain(text.slice(ev.start, ev.end));
  });
});

describe('--explain', () => {
  it('shows each entity with its rule id, reason and sentence', async () => {
    const p = paper('UL2: Unifying Paradigms', 'We propose Mixture-of-Denoisers (MoD). It beats BERT on GLUE.');
    const { extractions, pruned } = await extractPapers([p], { workers: 1 });
    const text = explainPaper(p, extractions[0]!, pruned);
    expect(text).toContain('def.we-propose');
    expect(text).toContain('title.prefix');
    expect(text).toContain('"We propose Mixture-of-Denoisers (MoD)."');
  });
});
