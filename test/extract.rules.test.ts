// The extractor end to end, table-driven: a title/abstract in, the expected entities (name, type, role) out — and
// what must not come out, one row per error class the extractor is built to handle. Examples are written for the
// test (no annotated paper is copied here).
import { describe, expect, it } from 'vitest';
import { defaultCorpusStats, statValue } from '../ingest/extract/corpus-stats.ts';
import { nameOfLongForm } from '../ingest/extract/candidates.ts';
import { defaultResources, fireRules, generateCandidates } from '../ingest/extract/engine.ts';
import { explainPaper } from '../ingest/extract/explain.ts';
import { phraseHead } from '../ingest/extract/features.ts';
import { extractPapers } from '../ingest/extract/index.ts';
import { isKeySeparator, looseKey } from '../ingest/extract/lexicon.ts';
import { splitSentences } from '../ingest/extract/text.ts';
import type { Extraction, Paper, PaperEntity } from '../ingest/types.ts';

const paper = (title: string, abstract: string, id = 'p1'): Paper => ({ id, title, abstract, authors: [], sources: [] });

async function extract(title: string, abstract: string): Promise<Extraction> {
  const { extractions } = await extractPapers([paper(title, abstract)], { workers: 1 });
  return extractions[0]!;
}

const find = (x: Extraction, name: string): PaperEntity | undefined => x.entities.find((e) => e.aliases.includes(name));
/** 'data': a dataset or a benchmark (the guidelines' line between them follows how the abstract presents it). */
type Want = [name: string, type: PaperEntity['type'] | 'data', role?: PaperEntity['role']];

const T = 'A study of things';
const cases: { family: string; title: string; abstract: string; want: Want[] }[] = [
  // title prefixes
  { family: 'title prefix', title: 'ZetaNet: Unifying Sparse Attention Paradigms', abstract: 'We present a framework for attention. ZetaNet works well on long inputs.', want: [['ZetaNet', 'method', 'PROPOSES']] },
  { family: 'title prefix', title: 'KestrelSet: A Large Dataset for Chart Reading', abstract: 'We collect charts from annual reports and release them.', want: [['KestrelSet', 'dataset', 'INTRODUCES']] },
  { family: 'title prefix', title: 'PolyBench: A Benchmark for Tool Use', abstract: 'We evaluate agents on PolyBench and report their accuracy.', want: [['PolyBench', 'benchmark', 'INTRODUCES']] },
  { family: 'lower-case identifier as a title prefix, named again', title: 'zetaparse: A Python Library for Shallow Parsing', abstract: 'Parsers are hard to compare across formats. This toolkit reads twelve of them, and zetaparse runs fast on long documents.', want: [['zetaparse', 'method', 'PROPOSES']] },
  { family: 'title "X - A Tool for"', title: 'Kestrel - A Toolkit for Morphological Analysis of Turkish', abstract: 'We describe Kestrel, an open-source toolkit that analyses words.', want: [['Kestrel', 'method', 'PROPOSES']] },
  // definitions
  { family: 'definition', title: T, abstract: 'In this work, we propose MoZE, a scalable and memory-efficient approach to train experts.', want: [['MoZE', 'method', 'PROPOSES']] },
  { family: 'definition', title: T, abstract: 'We introduce a new framework: FedLite. It reduces communication between clients.', want: [['FedLite', 'method', 'PROPOSES']] },
  { family: 'definition', title: T, abstract: 'We present TabZoo, a new benchmark for tabular reasoning over spreadsheets.', want: [['TabZoo', 'benchmark', 'INTRODUCES']] },
  { family: 'definition', title: T, abstract: 'The model is trained on our proposed dataset OpenQA4++ with two objectives.', want: [['OpenQA4++', 'dataset', 'INTRODUCES']] },
  { family: 'lower-case identifier a paper defines', title: T, abstract: 'We present seq2attn, a new architecture for sequence labelling that attends to spans.', want: [['seq2attn', 'method', 'PROPOSES']] },
  { family: '"X (ACR) is proposed"', title: T, abstract: 'A Gated Axial Router (GAR) is proposed to route tokens between experts. GAR is fast.', want: [['Gated Axial Router', 'method', 'PROPOSES']] },
  // acronyms
  { family: 'acronym', title: T, abstract: 'We propose Mixture-of-Denoisers (MoDN), a pre-training objective. MoDN combines paradigms.', want: [['Mixture-of-Denoisers', 'method', 'PROPOSES']] },
  { family: 'acronym of prior work', title: T, abstract: 'Results use the Gated Recurrent Unit (GRU) as a router between layers.', want: [['Gated Recurrent Unit', 'method']] },
  // cue contexts
  { family: 'cue', title: T, abstract: 'Our model reaches the top of the MARBLE benchmark among all systems.', want: [['MARBLE', 'benchmark']] },
  { family: 'cue', title: T, abstract: 'Experiments on the Text8 dataset show consistent gains.', want: [['Text8', 'dataset']] },
  { family: 'cue', title: T, abstract: 'Our approach outperforms MoE-LLaVA and Qwen2-VL by a wide margin.', want: [['MoE-LLaVA', 'method', 'USES'], ['Qwen2-VL', 'method', 'USES']] },
  { family: 'cue', title: T, abstract: 'We improve various ViT-based models at scale.', want: [['ViT', 'method', 'USES']] },
  { family: 'cue', title: T, abstract: 'Our base models achieve strong performance on benchmarks like MMLU and AlpacaEval.', want: [['MMLU', 'benchmark', 'EVALUATES_ON'], ['AlpacaEval', 'benchmark', 'EVALUATES_ON']] },
  { family: 'a method is never evaluated on: the paper uses it', title: T, abstract: 'We evaluate our pruning schedule on ResNet-50 and report a top-1 accuracy of 76.1% on ImageNet.', want: [['ResNet-50', 'method', 'USES'], ['ImageNet', 'dataset', 'EVALUATES_ON']] },
  { family: 'a dataset with a reported score is evaluated on', title: T, abstract: 'Our tagger reaches 93.1 F1 on CoNLL-2003 and beats prior work.', want: [['CoNLL-2003', 'dataset', 'EVALUATES_ON']] },
  // lexicon and classic NLP
  { family: 'lexicon', title: T, abstract: 'Prior models such as Stable Diffusion and LLaMA are strong; we also train on The Pile.', want: [['Stable Diffusion', 'method'], ['LLaMA', 'method'], ['The Pile', 'dataset']] },
  { family: 'classic algorithms and resources', title: T, abstract: 'We use a support vector machine (SVM) and a CRF tagger trained on the CoNLL-2003 corpus, with features from WordNet and the Penn Treebank.', want: [['SVM', 'method'], ['CRF', 'method'], ['WordNet', 'dataset'], ['Penn Treebank', 'dataset']] },
  { family: 'bare names after clear cues', title: T, abstract: 'The acoustic models are built with the Kaldi toolkit and pre-trained on the Pile corpus.', want: [['Kaldi', 'method']] },
  { family: 'name next to its citation', title: T, abstract: 'Topics are inferred with LDA (Blei et al., 2003) before clustering the documents.', want: [['LDA', 'method']] },
  // shared tasks
  { family: 'shared task used for evaluation', title: 'TeamZ at SemEval-2020 Task 12: Offensive Language Identification', abstract: 'We describe our system for SemEval-2020 Task 12, which ranks third among 80 teams.', want: [['SemEval-2020 Task 12', 'benchmark']] },
  { family: 'shared task used for evaluation, a hashtag in the title', title: 'TeamZ at #SMM4H 2024 Task 4: Extracting Clinical Impacts from Reddit', abstract: 'This paper describes our participation in Task 4 of the shared task. Our system reaches an F1-score of 0.89 on the validation set.', want: [['SMM4H 2024 Task 4', 'benchmark', 'EVALUATES_ON']] },
  { family: 'title prefix: an article before a name is the title\'s grammar', title: 'The Kestrel Learner Treebank: A Treebank of English Learner Errors', abstract: 'We present the Kestrel Learner Treebank, 5,000 learner sentences with their corrections, and release it.', want: [['Kestrel Learner Treebank', 'dataset', 'INTRODUCES']] },
  { family: 'title prefix: a name-shaped word and its head word name the word', title: 'The ZORPA Corpus: Tweets for Stance Detection', abstract: 'The ZORPA corpus holds 20,000 tweets annotated for stance. We describe how ZORPA was collected.', want: [['ZORPA', 'dataset', 'INTRODUCES']] },
  // boundaries
  { family: 'size suffix after a space', title: T, abstract: 'We fine-tune Gemma 2B and Mistral 7B on dialogue data.', want: [['Gemma 2B', 'method'], ['Mistral 7B', 'method']] },
  { family: 'slash suffix', title: T, abstract: 'The DiT-L/2 backbone is trained for one million steps.', want: [['DiT-L/2', 'method']] },
  { family: 'shared-task year with an apostrophe', title: T, abstract: "We evaluate our system on the IWSLT'15 English-Vietnamese translation task and report BLEU gains of 2 points.", want: [["IWSLT'15", 'data']] },
  { family: 'name after "we name such …"', title: T, abstract: 'We name such steers KestrelSteer and find them in language models of all sizes.', want: [['KestrelSteer', 'method']] },
  { family: 'title prefix presented as a benchmark', title: 'KestrelGym: A Multi-level Diagnostic Benchmark for Tool-Augmented Agents', abstract: 'Agents call tools. We present a benchmark of 700 tool-use tasks in seven domains.', want: [['KestrelGym', 'benchmark']] },
  { family: 'glued name', title: T, abstract: 'Finally, the baseline modelRoBERTa is fine-tuned on the task.', want: [['RoBERTa', 'method']] },
  { family: 'sentences glued at a period', title: T, abstract: 'Our tagger is fine-tuned from DeBERTa.We compare it with a ZetaNet model.In all runs it wins.', want: [['DeBERTa', 'method'], ['ZetaNet', 'method']] },
];

describe.each(cases)('$family: $abstract', ({ title, abstract, want }) => {
  it.each(want)('finds %s as %s (%s)', async (name, type, role) => {
    const x = await extract(title, abstract);
    const e = find(x, name);
    expect(e, `entities: ${x.entities.map((y) => `${y.name}/${y.type}`).join(', ')}`).toBeDefined();
    if (type === 'data') expect(['dataset', 'benchmark']).toContain(e!.type);
    else expect(e!.type).toBe(type);
    if (role) expect(e!.role).toBe(role);
  });
});

const negatives: { family: string; title?: string; abstract: string; absent: string[] }[] = [
  { family: 'an article is not part of a title prefix\'s name', title: 'The Kestrel Learner Treebank: Annotating Errors of English Learners', abstract: 'We present a treebank of learner sentences with their corrections and release it.', absent: ['The Kestrel Learner Treebank'] },
  { family: 'one entity for a title prefix\'s name and its head word', title: 'The ZORPA Corpus: Tweets for Stance Detection', abstract: 'The ZORPA corpus holds 20,000 tweets annotated for stance. We describe how ZORPA was collected.', absent: ['ZORPA Corpus', 'The ZORPA Corpus'] },
  { family: 'generic acronyms', abstract: 'Large Language Models (LLMs) excel in NLP and CV; SOTA results need a GPU and an API.', absent: ['LLMs', 'Large Language Models', 'NLP', 'CV', 'SOTA', 'GPU', 'API'] },
  { family: 'generic long forms', abstract: 'Continual Learning (CL) and Parameter-Efficient Fine-Tuning (PEFT) are studied with Mixture-of-Experts (MoE) models.', absent: ['CL', 'Continual Learning', 'PEFT', 'Parameter-Efficient Fine-Tuning', 'MoE', 'Mixture-of-Experts'] },
  { family: 'task and field names in Title Case or with an acronym', abstract: 'Grammatical Error Correction (GEC) and Named Entity Recognition are classic tasks; we study Machine Translation too.', absent: ['Grammatical Error Correction', 'GEC', 'Named Entity Recognition', 'Machine Translation'] },
  { family: 'topic phrase as a title prefix', title: 'Grammatical Error Correction: A Survey of the State of the Art', abstract: 'We review methods for correcting grammatical errors in learner text.', absent: ['Grammatical Error Correction'] },
  { family: 'team names in shared-task titles', title: 'TeamZ at SemEval-2020 Task 12: Offensive Language Identification', abstract: 'Our team TeamZ ranks third among 80 teams.', absent: ['TeamZ'] },
  { family: 'venues and workshops', abstract: 'We presented the data at EMNLP 2022 and at the FigLang Workshop, and at ACL.', absent: ['EMNLP 2022', 'EMNLP', 'FigLang', 'ACL'] },
  { family: 'metrics and quantities', abstract: 'We report F2-Score, sFID and BLEU; the 3B-parameter model uses 35.4G FLOPs at 4-bit precision.', absent: ['F2-Score', 'sFID', 'BLEU', '3B-parameter', '35.4G', 'FLOPs', '4-bit'] },
  { family: 'languages and language pairs', abstract: 'We translate Occitan and English-Indonesian news with a small model.', absent: ['Occitan', 'English-Indonesian'] },
  { family: 'numbered labels', abstract: 'In Stage-1 the encoder is frozen; Table 3 and Step2 give details.', absent: ['Stage-1', 'Table', 'Step2'] },
  { family: 'quantities with plural, binary or time units', abstract: 'Training the Kestrel tagger takes 24h and 10s per batch on a GPU with 23GBs of memory and 16GiB of swap.', absent: ['24h', '10s', '23GBs', '16GiB'] },
  { family: 'tasks a paper introduces', abstract: 'We introduce several domain tasks for legal search: text relevance classification (TRC), clause retrieval (CR) and statute prediction.', absent: ['clause retrieval', 'CR'] },
  { family: 'a task name with a capitalised preposition in a shared-task title', title: 'TeamZ at SemEval-2022 Task 6: Intended Sarcasm Detection In English', abstract: 'We fine-tune RoBERTa for the shared task and rank fifth.', absent: ['Intended Sarcasm Detection In English', 'Intended Sarcasm Detection', 'TeamZ'] },
  { family: 'unnamed data', abstract: 'We build a large-scale dataset of 1M images and a new benchmark with 7B tokens.', absent: ['1M', '7B'] },
  { family: 'capitalised words', abstract: 'Following Peters et al. (2018), a Bayesian model in English and Chinese was built in Paris in July.', absent: ['Peters', 'Bayesian', 'English', 'Chinese', 'Paris', 'July'] },
  { family: 'possessive owner', abstract: "We study Acme's KestrelBot assistant in customer service.", absent: ['Acme'] },
  { family: 'possessive owner before a name run', abstract: 'This paper presents Acme’s Arabic-to-English speech translation system and the Acme’s Zorp segmenter.', absent: ['Acme’s Arabic-to-English', 'Acme’s Zorp', 'Acme'] },
  { family: 'measures named by their head word', abstract: 'We propose a new evaluation method, KQC-Score, and the Kestrel Depth Scale (KDS); the First Divergent Token Metric (FDTM) ranks them.', absent: ['KQC-Score', 'Kestrel Depth Scale', 'KDS', 'First Divergent Token Metric', 'FDTM'] },
  { family: 'hyphenated title words', abstract: 'We study Vision-Language models and Plug-and-Play modules.', absent: ['Vision-Language', 'Plug-and-Play'] },
  { family: 'urls', abstract: 'Code is at https://github.com/LooperXX/ManagerTower and \\url{https://github.com/CSJianYang/Multi-NLP}.', absent: ['LooperXX', 'CSJianYang', 'Multi-NLP', 'ManagerTower'] },
  { family: 'lower-case concepts', abstract: 'We model time series (TS) with state space models (SSMs).', absent: ['TS', 'time series', 'SSMs'] },
  { family: 'non-English abstract', title: 'Traduction automatique des textes juridiques', abstract: 'Nous présentons une méthode pour la Traduction Automatique des textes juridiques, et nous évaluons le Système sur un corpus de Décisions de Justice français.', absent: ['Traduction Automatique', 'Système', 'Décisions de Justice'] },
];

describe.each(negatives)('negative — $family', ({ title, abstract, absent }) => {
  it.each(absent)('does not extract %s', async (name) => {
    const x = await extract(title ?? T, abstract);
    expect(x.entities.flatMap((e) => e.aliases)).not.toContain(name);
  });
});

/** The rules that fire on the candidate `surface` in `abstract`, with their type and head hints ('def.appositive:method'). */
function firedOn(abstract: string, surface: string): string[] {
  const res = defaultResources();
  const { text, cands } = generateCandidates(paper(T, abstract), res, false);
  const c = cands.find((x) => x.surface === surface);
  if (!c) throw new Error(`no candidate ${surface}: ${cands.map((x) => x.surface).join(', ')}`);
  fireRules(c, res, text);
  return c.fired.map((f) => `${f.rule}${f.type ? `:${f.type}` : ''}${f.head ? `^${f.head}` : ''}`);
}

describe('rule hints', () => {
  it.each([
    ['an appositive is typed by its last head word', 'To enlarge the data, we employed NLPKit, a data augmentation library, and back-translation.', 'NLPKit', 'def.appositive:method'],
    ['… not by a head word after a preposition', 'We compare with ZetaNet, a model trained on the benchmark data.', 'ZetaNet', 'def.appositive:method'],
    ['… and by its head past modifiers', 'We release PolyQA, a new multilingual benchmark for question answering.', 'PolyQA', 'def.appositive:benchmark'],
    ['a proposal of tasks says the names are tasks', 'We introduce several domain tasks for legal search: text relevance classification (TRC), clause retrieval and more.', 'text relevance classification', 'def.we-propose^task'],
    ['a proposal of a framework for a field types the name', 'We propose a framework for legal search: LexRank++. It is fast.', 'LexRank++', 'def.we-propose:method'],
  ])('%s', (_why, abstract, surface, want) => {
    const fired = firedOn(abstract, surface);
    expect(fired).toContain(want);
  });
  it.each([
    [['Intended', 'Sarcasm', 'Detection', 'In', 'English'], 'Detection'],
    [['Corpus', 'of', 'Linguistic', 'Acceptability'], 'Corpus'],
    [['Stanford', 'Question', 'Answering', 'Dataset'], 'Dataset'],
  ])('the head of %j is %s', (words, head) => expect(phraseHead(words)).toBe(head));
  it.each([
    ['MLP', 'Multi-layer Perceptron Model', 'Multi-layer Perceptron'],
    ['SKG', 'Structural Knowledge Graph-aware Network', 'Structural Knowledge Graph-aware Network'],
    ['RGN', 'Rule-based Generation Network', 'Rule-based Generation Network'],
  ])('the name of %s defined as %j is %j', (short, long, name) => {
    expect(nameOfLongForm({ short, long }, defaultResources().lex)).toBe(name);
  });
  it('splits sentences glued at a full stop, not abbreviations or decimals', () => {
    const texts = (a: string): string[] => splitSentences(T, a).slice(1).map((x) => x.text);
    expect(texts('It is hard for rare terms.To train SMART we use Inspec.')).toEqual(['It is hard for rare terms.', 'To train SMART we use Inspec.']);
    expect(texts('As in Smith et al.The model scores 3.5.')).toHaveLength(1);
    expect(texts('Models e.g.BERT are 3.5B in size.')).toHaveLength(1);
  });
  it('reads no lower-case share for a name the lexicon lists in lower case (Fairseq | fairseq)', () => {
    expect(firedOn('We train with the Fairseq toolkit on one GPU.', 'Fairseq')).not.toContain('corpus.lower-mostly');
    expect(firedOn('We decode with Beam Search on one GPU.', 'Beam Search')).toContain('corpus.lower-mostly');
  });
  it('reads no lower-case share for an English word in capitals (the lower-case uses are the word)', () => {
    const stats = defaultCorpusStats();
    expect(stats.size).toBeGreaterThan(0);
    expect(statValue('SMART', stats.get(looseKey('SMART')), 'lowerShare', undefined, 3)).toBeUndefined();
    expect(statValue('Smart', stats.get(looseKey('Smart')), 'lowerShare', undefined, 3)).toBeGreaterThan(0.5);
  });
  it('drops in a loose key exactly the code units its pattern names (white space, -, _, U+2010–U+2015)', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isKeySeparator(c) !== /[\s\-_\u2010-\u2015]/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
    expect(looseKey('ImageNet-1K')).toBe(looseKey('imagenet 1k'));
    expect(looseKey('Penn\u00a0Tree\u2013bank_v2')).toBe('penntreebankv2');
  });
});

describe('results and repositories', () => {
  it.each([
    ['Our model achieves 72.2 on MMMU and leads the board.', 'mmmu', undefined, 72.2],
    ['It brings +3.1 mAP on COCO over the baseline.', 'coco', 'mAP', 3.1],
    ['It reaches 79.15% accuracy on VQAv2 for the test split.', 'vqav2', 'accuracy', 79.15],
  ])('%s', async (abstract, target, metric, value) => {
    const x = await extract(T, abstract);
    const r = x.entities.flatMap((e) => e.results ?? []);
    expect(r).toContainEqual(expect.objectContaining({ target, value, ...(metric ? { metric } : {}) }));
  });
  it('reads no result from a model size ("ResNet-50 on ImageNet")', async () => {
    const x = await extract(T, 'We train a ResNet-50 on ImageNet and a ViT-B/16 on CIFAR-10.');
    expect(x.entities.flatMap((e) => e.results ?? [])).toEqual([]);
  });
  it('finds code links, also in \\url{} and split "https: //"', async () => {
    const x = await extract(T, 'See \\url{https://github.com/CSJianYang/Multilingual-Multimodal-NLP} and https: //github.com/lzw-lzw/LEGO. Weights: https://huggingface.co/datasets/foo/bar/tree/main.');
    expect(x.repositories).toEqual(['https://github.com/CSJianYang/Multilingual-Multimodal-NLP', 'https://github.com/lzw-lzw/LEGO', 'https://huggingface.co/datasets/foo/bar']);
  });
});

describe('the name of an entity defined with an acronym', () => {
  it.each([
    ['a lower-case long form is a description: the short form names it', 'We build on the gated kestrel encoder (GKE) for all inputs. GKE is fast.', 'GKE', 'gated kestrel encoder'],
    ['capitals that spell the acronym out of the words are a spelling aid', 'We propose KEstrel gRaph rOuting (KERO), a router. KERO is fast.', 'KERO', 'KEstrel gRaph rOuting'],
    ['a Title Case long form is the name', 'We propose Kestrel Graph Routing (KGR), a router. KGR is fast.', 'Kestrel Graph Routing', 'KGR'],
    ['a CamelCase word in a Title Case long form is a name part, not a spelling aid', 'We propose Expanded KestrelNet (EKN), a router. EKN is fast.', 'Expanded KestrelNet', 'EKN'],
  ])('%s', async (_why, abstract, name, alias) => {
    const x = await extract(T, abstract);
    const e = find(x, alias);
    expect(e?.name).toBe(name);
    expect(e?.aliases).toContain(alias);
  });
});

describe('corpus pass', () => {
  it('one paper\'s acronym definition does not rename another paper\'s entity', async () => {
    const { extractions } = await extractPapers([
      paper(T, 'We propose Agentic Neural Nets (ANNs), a new agent framework.', 'a'),
      paper(T, 'We compare ANNs with decision trees on tabular data.', 'b'),
    ], { workers: 1 });
    const a = find(extractions[0]!, 'ANNs');
    const b = find(extractions[1]!, 'ANNs');
    if (b) expect(b.key).not.toBe(a?.key);
  });
  it('an acronym that papers define the same way keeps one key across papers', async () => {
    const { extractions } = await extractPapers([
      paper(T, 'We propose Mixture-of-Denoisers (MoDN), a new objective.', 'a'),
      paper(T, 'Mixture-of-Denoisers (MoDN) is a strong objective that we extend.', 'b'),
      paper(T, 'We compare against the MoDN objective on three tasks.', 'c'),
    ], { workers: 1 });
    const key = find(extractions[0]!, 'MoDN')?.key;
    expect(key).toBe('mixture-of-denoisers');
    expect(find(extractions[2]!, 'MoDN')?.key).toBe(key);
  });
  it.each([
    ['ImageNet-1K', 'ImageNet-1k', true],
    ['GPT-4', 'GPT4', true],
    ['GPT-4', 'GPT-4o', false],
    ['LLaMA2', 'Llama 2', true],
    ['XLM', 'XLM-R', false],
    ['wav2vec', 'wav2vec 2.0', false],
  ])('keys of %s and %s are equal: %s', async (a, b, same) => {
    const sentence = (x: string): string => `We fine-tune ${x} on the LibriSpeech corpus and compare ${x} with strong baselines.`;
    const { extractions } = await extractPapers([paper(T, sentence(a), 'a'), paper(`${T} again`, sentence(b), 'b')], { workers: 1 });
    const ka = find(extractions[0]!, a)?.key;
    const kb = find(extractions[1]!, b)?.key;
    expect(ka).toBeDefined();
    expect(ka === kb).toBe(same);
  });
  it('a numbered shared task is one entity whether written "Shared Task N" or "Task N", in a paper and across papers', async () => {
    const { extractions } = await extractPapers([
      paper('NLPR at SemEval-2019 Task 6: Multi-kernel CNN for Offensive Language', 'This paper describes our system for SemEval 2019 Shared Task 6 on offensive language. We use BERT and reach 0.80 macro-F1 on the SemEval-2019 Task 6 test set.', 'a'),
      paper(T, 'We report results on the WNUT-2020 shared task 2 and on the SemEval-2019 Shared Task 6 data.', 'b'),
    ], { workers: 1 });
    const a = extractions[0]!.entities.filter((e) => /SemEval/.test(e.name));
    expect(a).toHaveLength(1);
    expect(a[0]!.aliases).toEqual(expect.arrayContaining(['SemEval-2019 Task 6', 'SemEval 2019 Shared Task 6']));
    expect(find(extractions[1]!, 'SemEval-2019 Shared Task 6')?.key).toBe(a[0]!.key);
    expect(find(extractions[1]!, 'WNUT-2020 shared task 2')?.key).toBe('wnut2020task2');
  });
  it('a paper\'s own definition of a listed short form decides which entity it is ("sharpness-aware minimization (SAM)" is not Segment Anything)', async () => {
    const { extractions } = await extractPapers([
      paper(T, 'We extend sharpness-aware minimization (SAM), which perturbs weights per batch, to reweight examples.', 'a'),
      paper(T, 'We prompt the Segment Anything Model (SAM) with boxes to segment cells in microscopy images.', 'b'),
      paper(T, 'We fine-tune BERT-base. Bidirectional Encoder Representations from Transformers (BERT) is strong.', 'c'),
    ], { workers: 1 });
    expect(find(extractions[0]!, 'SAM')?.key).toBe('sharpness-aware-minimization');
    expect(find(extractions[1]!, 'SAM')?.key).toBe('segment-anything');
    // an entry that spells out no long form keeps the short form's key
    expect(find(extractions[2]!, 'BERT')?.key).toBe('bert');
  });
  it('a known model under "our" is the base the paper trained, not its contribution', async () => {
    const x = await extract(T, 'We propose ZetaPrune, a structured pruning method. For example, our Llama2-7b model with a 25% pruning ratio is 1.3 times faster.');
    expect(find(x, 'ZetaPrune')?.role).toBe('PROPOSES');
    expect(find(x, 'Llama2-7b')).toBeDefined();
    expect(find(x, 'Llama2-7b')!.role).not.toBe('PROPOSES');
  });

  it('reads a proposal in an abstract printed inside quotes as in any other ("“This paper introduces X, …")', async () => {
    const x = await extract(T, '“This paper introduces ZetaTrigger, a simple and effective model for low-resource tagging. ZetaTrigger beats older models.”');
    expect(find(x, 'ZetaTrigger')?.role).toBe('PROPOSES');
  });

  it('keeps the capitalised head after a single adjective, which names nothing alone ("the Multifaceted Collection")', async () => {
    const x = await extract(T, 'To improve this, we create the Multifaceted Collection, a preference dataset with 192k combinations of values.');
    expect(find(x, 'Multifaceted Collection')).toBeDefined();
    expect(find(x, 'Multifaceted')).toBeUndefined();
  });

  it('groups a multi-word name with its plural in one paper', async () => {
    const x = await extract('Kestrel Neural Networks: Self-Organising Agents', 'We present the Kestrel Neural Network (KNN), a framework for agents. Kestrel Neural Network agents learn.');
    const kestrel = x.entities.filter((e) => e.name.startsWith('Kestrel Neural'));
    expect(kestrel).toHaveLength(1);
    expect(kestrel[0]!.aliases).toEqual(expect.arrayContaining(['Kestrel Neural Network', 'Kestrel Neural Networks']));
  });

  it('links a variant to its family without merging', async () => {
    const x = await extract(T, 'The series includes Qwen2.5-7B-Instruct-1M and Qwen2.5-14B-Instruct-1M, which outperform GPT-4o-mini.');
    expect(find(x, 'Qwen2.5-7B-Instruct-1M')?.family).toBe('qwen2.5');
    expect(find(x, 'Qwen2.5-7B-Instruct-1M')?.key).not.toBe(find(x, 'Qwen2.5-14B-Instruct-1M')?.key);
  });
  it('a language edition of a listed resource is an entity of its own, in the resource\'s family', async () => {
    const x = await extract(T, 'We align the senses of the Arabic WordNet with those of WordNet and train on the English Gigaword corpus.');
    const edition = find(x, 'Arabic WordNet');
    expect(edition?.type).toBe('dataset');
    expect(edition?.key).not.toBe(find(x, 'WordNet')?.key);
    expect(edition?.family).toBe(find(x, 'WordNet')?.key);
    expect(find(x, 'English Gigaword')?.type).toBe('dataset');
  });
  it.each([
    ['We propose a Multi-layer Kestrel Model (MK) for the logs, and MK beats the rules.', 'MK', 'Multi-layer Kestrel'],
    ['We release the Penn Kestrel Treebank (PKTB), and PKTB is large.', 'PKTB', 'Penn Kestrel Treebank'],
  ])('names an acronym by its long form without a head word that gives it no letter: %s', async (abstract, short, name) => {
    const e = find(await extract(T, abstract), short);
    expect(e?.name).toBe(name);
    expect(e?.aliases).toContain(short);
  });
  it('cuts a Latin name out of Chinese text written without spaces', async () => {
    const x = await extract(T, '本文提出一个公开的藏语知识图谱数据集TiKG-30K，并基于DeepStyle算法与Transformer构建模型。');
    const names = x.entities.map((e) => e.name);
    expect(names.every((n) => !/[\u3400-\u9fff]/u.test(n))).toBe(true);
    expect(names).toContain('TiKG-30K');
  });
  it('marks an abstract that is not in English with its language on its record (the topics stage reads the mark), and only that one', async () => {
    const { extractions } = await extractPapers([
      paper(T, 'On a évalué la méthode sur un corpus de la presse en français : le modèle de traduction a de bons résultats sur la tâche de traduction de la parole en temps réel.', 'fr'),
      paper(T, 'We evaluate the method on a corpus of French news: the translation model gives good results on the task.', 'en'),
      paper(T, 'В статье описывается новый корпус русских новостей и модель машинного перевода, которая показывает хорошие результаты на этой задаче.', 'ru'),
    ], { workers: 1 });
    expect(extractions.map((x) => x.language)).toEqual(['fra', undefined, 'rus']);
  });
  it('returns the candidates the scorer dropped, with the reason and score', async () => {
    const { pruned } = await extractPapers([paper(T, 'Large Language Models (LLMs) are popular in NLP.')], { workers: 1 });
    expect(pruned.map((p) => p.surface)).toEqual(expect.arrayContaining(['Large Language Models', 'NLP']));
    for (const p of pruned) {
      expect(p.reason).toMatch(/^model\.keep: /);
      expect(p.score).toBeGreaterThanOrEqual(0);
      expect(p.score).toBeLessThan(0.5);
    }
  });
  it('carries evidence with offsets into title + "\\n" + abstract, and a score', async () => {
    const title = 'ZetaNet: Unifying Paradigms';
    const abstract = 'We propose Mixture-of-Denoisers (MoDN).';
    const x = await extract(title, abstract);
    const text = `${title}\n${abstract}`;
    expect(x.entities.length).toBeGreaterThan(0);
    for (const e of x.entities) {
      expect(e.score).toBeGreaterThan(0.5);
      for (const ev of e.evidence) expect(e.aliases).toContain(text.slice(ev.start, ev.end));
    }
  });
});

describe('--explain', () => {
  it('shows each entity with its score, top features, rule, reason and sentence, and what was dropped', async () => {
    const p = paper('ZetaNet: Unifying Paradigms', 'We propose Mixture-of-Denoisers (MoDN). It beats BERT on GLUE. Large Language Models (LLMs) are popular.');
    const { extractions, explanations } = await extractPapers([p], { workers: 1, keepFeatures: true });
    const text = explainPaper(p, extractions[0]!, explanations?.get('p1'));
    expect(text).toContain('gen.title-prefix');
    expect(text).toContain('def.we-propose');
    expect(text).toMatch(/score: p\(entity\) \d\.\d\d, p\(own\) \d\.\d\d; top features \(\+ for keeping it as a (?:method|dataset|benchmark)\): \S+ [+-]\d/);
    expect(text).toContain('"We propose Mixture-of-Denoisers (MoDN)."');
    expect(text).toMatch(/dropped \(features: \+ for dropping\):\n(?: {4}.*\n)* {4}Large Language Models {2}p\(entity\) 0\.\d\d/);
  });
});
