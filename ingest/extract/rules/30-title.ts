// Pass 30 — the title: what the rest of a title says about a name in it ("MMMU: A Massive … Benchmark" → benchmark),
// and the shared-task title pattern whose first name is a team, not an entity ("XYZ-NLP at SemEval-2023 Task 4: …").
import type { ContextRuleSpec } from './types.ts';

// Macros (index.ts): {TITLENP} the words of the first noun phrase after the colon, up to its head; {NPEND} what may
// follow a noun phrase's head; {BENCHMARKHEAD} {DATASETHEAD} {METRICHEAD} head words of heads.tsv.

/**
 * What follows the team in a shared-task title: "at SemEval-2023 Task 4", "@DravidianLangTech 2025", "at the WMT Shared
 * Task"; a one-word event name with two capitals or a digit right before the colon ("at BioLaySumm:", "@ ML-ESG-3:",
 * "at #SMM4H’24:"); or a few capitalised words ending in a year, "Task N", "Shared Task" or "Challenge" ("at GenAI
 * Detection Task 1", "@ Causal News Corpus 2022", "at NLU of Devanagari Script Languages 2025"). Not "at Scale:" or
 * "at Few-Shot Crosslingual Transfer:".
 */
export const TEAM_AT_EVENT = [
  '^\\s*(?:[Tt]eam\\s+)?(?:at|@)\\s*(?:the\\s+)?(?:',
  '[A-Z][\\w-]*(?:[\\s-]?(?:\\d{2,4}\\b|[\'’]\\d\\d\\b)|\\s+(?:[Ss]hared\\s+[Tt]asks?|[Ww]orkshop|[Cc]hallenge|[Tt]ask\\s+\\d))',
  '|[#“"]?(?=[^\\s:]*[A-Z][^\\s:]*[A-Z]|[^\\s:]*\\d)[\\w#+@-]+(?:\\s*[\'’]?\\d{2,4})?[”"]?\\s*:',
  '|[#“"]?[A-Z][\\w+#-]*(?:\\s+(?:of\\s+|in\\s+)?[A-Z0-9][\\w+#-]*){0,5}\\s+(?:[\'’]?\\d{4}|[Tt]ask\\s*\\d+|[Ss]hared\\s+[Tt]asks?|[Cc]hallenge(?:\\s+[Tt]ask)?|[Ww]orkshop)\\b',
  ')',
].join('');

export const TITLE_RULES: ContextRuleSpec[] = [
  {
    id: 'title.prefix-benchmark',
    kind: 'title',
    effect: 'evidence',
    typePrior: 'benchmark',
    priorStrength: 2,
    title: true,
    after: '^\\s*(?:\\([^)]*\\)\\s*)?(?::|\\s[-–—]\\s)\\s*(?:[Bb]enchmarking\\b|{TITLENP}(?:{BENCHMARKHEAD})(?:\\s+(?:{DATASETHEAD}|{BENCHMARKHEAD}|[Kk]it))?{NPEND})',
    type: 'benchmark',
    reason: 'the title presents the prefix as a benchmark',
    examples: { fires: ['[ZetaBench]: A Benchmark for Long Video Reasoning', '[Q-Arena] - An Evaluation Suite for Agents', '[PolyNLU]: Benchmarking Few-Shot Methods', '[PolyQA]: A Multilingual Question Answering Benchmark Dataset for Birds'], not: ['[ZetaNet]: Faster Attention for Long Videos', '[Smarter Models]: Raising the Bar for Adversarial Defence Benchmarks', '[ZetaGym]: A Framework for Benchmark Construction'] },
  },
  {
    id: 'title.prefix-dataset',
    kind: 'title',
    effect: 'evidence',
    typePrior: 'dataset',
    priorStrength: 2,
    title: true,
    after: '^\\s*(?:\\([^)]*\\)\\s*)?(?::|\\s[-–—]\\s)\\s*{TITLENP}(?:{DATASETHEAD}|[Dd]ata [Ss]ets?|[Rr]esources?){NPEND}',
    type: 'dataset',
    reason: 'the title presents the prefix as a dataset',
    examples: { fires: ['[KestrelQA]: A Dataset of Questions about Birds', '[MorphoLex-TR] - A Lexicon of Turkish Morphology', '[PolyBank]: A Large-Scale Multilingual Treebank'], not: ['[KestrelQA]: Answering Questions about Birds', '[IBZET]: an Iterative Bias-Aware Dataset Refinement Framework', '[Zeta Derivations]: A New Evaluation Strategy and Dataset for Algebra'] },
  },
  {
    id: 'title.prefix-method',
    kind: 'title',
    effect: 'evidence',
    title: true,
    // the head of the first noun phrase after the colon, as the dataset and benchmark prefixes read it: "A Study on
    // Models' Ability …" is a study, "Model-Based Planning …" no model
    after: '^\\s*(?:\\([^)]*\\)\\s*)?(?::|\\s[-–—]\\s)\\s*{TITLENP}(?:[Mm]odel|[Ff]ramework|[Mm]ethod|[Aa]pproach|[Aa]rchitecture|[Aa]lgorithm|[Tt]ool(?:kit)?|[Ss]ystem|[Nn]etwork|[Pp]ipeline|[Ll]ibrary|[Pp]latform)s?{NPEND}',
    type: 'method',
    reason: 'the title presents the prefix as a model, framework, tool or system',
    examples: { fires: ['[Kestrel] - A Toolkit for Morphological Analysis', '[ZetaNet]: A Sparse Attention Model for Video', '[ZetaParse]: Fast Parsing Models'], not: ['[ZetaBench]: A Benchmark for Video', '[Zeta Probing]: A Comprehensive Study on Models Ability to Count', '[ZetaPlan]: Model-Based Planning for Robots'] },
  },
  {
    id: 'title.prefix-metric',
    kind: 'title',
    effect: 'evidence',
    prior: 'none',
    priorStrength: 3,
    title: true,
    after: '^\\s*(?:\\([^)]*\\)\\s*)?(?::|\\s[-–—]\\s)\\s*{TITLENP}(?:{METRICHEAD}){NPEND}',
    reason: 'the title presents the prefix as a metric or measure ("SemBleu: A Robust Metric for AMR Parsing Evaluation"): metrics are not entities (GUIDELINES.md)',
    examples: { fires: ['[ZetaScore]: An Effective Isochronic Translation Evaluation Metric', '[KestrelDCG]: Rank-Ordering Evaluation Measure', '[ZED]: Extended Edit Distance Measure for Translation'], not: ['[Zeta Metric Viewer]: A Visualisation Tool for Inspecting Metric Scores', '[ZetaNet]: A Metric Learning Approach to Retrieval'] },
  },
  {
    id: 'title.topic-prefix',
    kind: 'title',
    effect: 'evidence',
    prior: 'none',
    title: true,
    after: '^\\s*:\\s*(?:[Aa]|[Aa]n|[Tt]he)?\\s*(?:[Ss]urvey|[Rr]eview|[Ss]tudy|[Cc]ase [Ss]tudy|[Pp]rimer|[Tt]utorial|[Oo]verview|[Pp]erspective|[Aa]nalysis|[Cc]omparison|[Ee]valuation|[Rr]evisit(?:ed|ing)?|[Ww]hat|[Hh]ow|[Ww]hy|[Ww]hen|[Tt]owards?|[Oo]n\\b|[Ll]essons|[Ii]nsights|[Pp]itfalls|[Cc]hallenges)',
    reason: 'the prefix is the topic a survey, study or analysis is about, not a contribution ("Stationary Representations: A Study of …")',
    examples: { fires: ['[Grammatical Error Correction]: A Survey of the State of the Art', '[Stationary Representations]: How Far Can We Go?'], not: ['[ZetaNet]: Faster Sparse Attention'] },
  },
  {
    id: 'title.team-at',
    kind: 'title',
    effect: 'evidence',
    prior: 'none',
    priorStrength: 3,
    title: true,
    after: TEAM_AT_EVENT,
    reason: 'a shared-task paper title "TEAM at SemEval-2023 Task 4: …": the name before "at" is the team',
    examples: {
      fires: ['[NUIG-Shubhanker] at SemEval-2020 Task 12: Offensive Tweets', '[LinguAIsts]@DravidianLangTech 2025: Abusive Speech', '[DICE] @ ML-ESG-3: ESG Impact Level', '[Rasid] at StanceEval: Fine-tuning MARBERT', '[DCBU] at GenAI Detection Task 1: Enhancing Detection', '[HBUT] at #SMM4H 2024 Task1: Extraction'],
      not: ['[ZetaNet] at Scale: Training Big Models', 'A Closer [Look] at Few-Shot Crosslingual Transfer: The Choice of Shots', 'Leveraging [Domain Knowledge] at Inference Time for Translation: Retrieval'],
    },
  },
  {
    id: 'title.at-shared-task',
    kind: 'title',
    effect: 'evidence',
    prior: 'benchmark',
    // a shared task the team took part in, never the team's own contribution; firmly, as the guidelines say it
    ownPrior: 'other',
    priorStrength: 3,
    title: true,
    before: '^\\s*(?:[Tt]he\\s+)?[\\w.&+-]+(?:\\s+[\\w.&+-]+){0,2}\\s+(?:[Tt]eam\\s+)?(?:at|@)\\s*(?:the\\s+)?#?$',
    after: '^\\s*(?::|\\s[-–—]\\s)',
    type: 'benchmark',
    role: 'EVALUATES_ON',
    reason: 'a shared-task paper title "TEAM at SemEval-2017 Task 1: …": the name after "at" is the shared task the system is evaluated on',
    examples: { fires: ['LIPN-IIMAS at [SemEval-2017 Task 1]: Subword Embeddings', 'EmotiKLUE at [IEST 2018]: Topic-Informed Classification', 'HBUT at #[SMM4H 2024 Task 4]: Extracting Impacts'], not: ['[ZetaNet] at Scale: Training Big Models', 'Scaling Laws at [ZetaNet] Scale'] },
  },
  {
    id: 'title.in-title',
    kind: 'title',
    effect: 'evidence',
    title: true,
    reason: 'the name appears in the title',
    examples: { fires: ['Scaling [ZetaNet] to Long Videos'], not: [] },
  },
];
