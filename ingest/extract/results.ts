// Reported results around a dataset/benchmark mention — "achieves 72.2 on MMMU", "+3.1 mAP on COCO", "MMMU (+10.2%)",
// "accuracies of 84.7% and 96.9% on ADI-5 and ADI-17, respectively" — read by the declared rules below. A number is a
// score only with a metric, a % / points / pp / dB unit or a result verb; a name's suffix ('ResNet-50'), a year, a
// count, an epoch, a hyper-parameter or a cost never is. Every expression is anchored and bounded and reads at most the
// mention's sentence context (the engine cuts 140 characters a side), so reading is linear and deterministic.
import type { Lexicon } from './lexicon.ts';

/** One result read around one mention; the corpus pass fills in the target key. */
export interface LocalResult {
  metric?: string;
  value: number;
  /** The statement, verbatim: the scores, what links them and the mention ('79.15% accuracy on VQAv2'). */
  text: string;
}

/** What the reader sees of a mention (a view of the engine's Candidate). */
export interface MentionContext {
  /** Sentence text right before the mention (its first letter lower-cased when the sentence starts there). */
  before: string;
  surface: string;
  /** Sentence text right after the mention. */
  after: string;
}

/**
 * - `score`: what a score is — a number with its unit, metric, range and parenthesis (`pattern` is read at the number).
 * - `list`: two scores are one statement when `pattern` matches the whole text between them.
 * - `bare`: a number with no unit or metric counts when `pattern` matches the text right before it.
 * - `guard`: a number is not a score when `pattern` matches the text on its `side` (left: anchored at its end; right:
 *   anchored at its start; self: the number as written).
 * - `link-before`: scores ending before the mention are on it when `pattern` matches the whole text between them and
 *   the mention's list of names (and `after`, when given, matches the text after the mention).
 * - `link-after`: the first scores after the mention are on it when `pattern` matches the whole text between.
 * - `clause-after`: the mention is an evaluation target (`before`); the first scores of its clause are on it when
 *   `pattern` (a result cue) occurs between, `stop` does not, and `owner` (another name) does not follow the scores.
 *   Read only when no `link-before` rule gave a result.
 * - `respectively`: the mention is the k-th of n coordinated names; n scores later in the sentence followed by
 *   `pattern` ('…, respectively') give it the k-th.
 * - `skip`: no result is read around the mention when `pattern` matches its `side` (the mention itself, or the text
 *   after it, anchored at its start).
 */
export type ResultRuleKind = 'skip' | 'score' | 'list' | 'bare' | 'guard' | 'link-before' | 'link-after' | 'clause-after' | 'respectively';

export interface ResultRule {
  /** Unique, `<kind prefix>.<name>`. */
  id: string;
  kind: ResultRuleKind;
  reason: string;
  /**
   * A regular expression with macros: {METRIC} (metrics.txt), {LANGUAGE} (languages.txt), {NAME} (one name in a list),
   * {CMP} (a comparison).
   */
  pattern: string;
  side?: 'left' | 'right' | 'self' | 'surface' | 'after';
  /** bare: only numbers with a decimal point. */
  decimal?: boolean;
  before?: string;
  after?: string;
  stop?: string;
  owner?: string;
  /** link-after: the link does not hold when this matches the text before the mention (anchored at its end). */
  unless?: string;
  /** Sentences with the mention in brackets: the rule takes part in reading them (`fires`) or not (`not`). */
  examples: { fires: string[]; not: string[] };
}

const CUT = '(?:up to|about|around|nearly|approximately|almost|over|only|just|~)';
/** What joins a metric to its value ('accuracy of ', 'F1 = ', 'improves the accuracy by up to '). */
const LEAD_TAIL = `\\s*(?:\\s(?:of|by|to|at|is|was|reached|reaches|around|about)|[:=])\\s+(?:${CUT}\\s+)?$`;

/** The declared rules, in the order the reader applies them within a kind. */
export const RESULT_RULES: readonly ResultRule[] = [
  {
    id: 'skip.question',
    kind: 'skip',
    side: 'after',
    reason: 'a question states no result ("What does it take to achieve 100% accuracy on WikiSQL?")',
    pattern: '^[^.!;]{0,140}\\?',
    examples: {
      fires: ['what does it take to achieve 100% accuracy on [WikiSQL]? We study it.'],
      not: ['it achieves 100% accuracy on [WikiSQL]. We study it.'],
    },
  },
  {
    id: 'skip.metric-name',
    kind: 'skip',
    side: 'surface',
    reason: 'a mention named by a metric is not a target, whatever the extractor typed it ("MPP Accuracy", "M2 F0.5", "AMFM")',
    pattern: '(?:^|[\\s-])(?:{METRIC})$',
    examples: {
      fires: ['it reaches 51.72% on [MPP Accuracy] for pairwise tasks'],
      not: ['it reaches 51.72% on [MPP] for pairwise tasks'],
    },
  },
  {
    id: 'skip.language',
    kind: 'skip',
    side: 'surface',
    reason: 'a language or a language pair is a translation direction or a subset, not a dataset ("23.63 BLEU for Fr-De", "62.6 on the Hindi-English subset", "28.17 for Manipuri")',
    pattern: '^(?:{LANGUAGE}|(?:{LANGUAGE}|[A-Z][a-z])\\s*[-–/→]\\s*(?:{LANGUAGE}|[A-Z][a-z]))$',
    examples: {
      fires: ['fine-tuning results in 31.69 BLEU for De-Fr and 23.63 BLEU for [Fr-De]', 'a BLEU score of 58.7 on the [Hindi-English] subset', 'a BLEU score of 28.17 for [Tamil] to English translation'],
      not: ['a BLEU score of 58.7 on the [WMT20] Chat dataset'],
    },
  },
  {
    id: 'score.number',
    kind: 'score',
    reason: 'a number standing alone — not glued to a word or a slash (ResNet-50, GPT-3, 7B, 4-bit, 1/10, 48,472), not a magnitude (1.28 million) — with its %, points/pp/dB, range (3.2% to 6.1%), ± deviation and metric (79.15% accuracy, 0.85 COMET drop, 3.1% increase in F1 score)',
    pattern:
      '(?<sign>[+\\-−])?(?<num>\\d+(?:\\.\\d+)?)(?![\\w]|[.,/]\\d|-[A-Za-z]|\\s+(?:million|billion|thousand|trillion|hundred)\\b)' +
      '(?<pct>\\s?\\\\?%|\\s?percent\\b)?' +
      '(?:\\s*(?:±|\\+/-)\\s*\\d+(?:\\.\\d+)?(?:\\s?\\\\?%)?)?' +
      '(?:\\s*(?:-|–|—|to|~)\\s*(?<num2>\\d+(?:\\.\\d+)?)(?![\\w]|[.,/]\\d|-[A-Za-z])(?:\\s?\\\\?%)?)?' +
      '(?:\\s+(?:absolute|relative|percentage))*' +
      '(?<pts>\\s*(?:points?|pts\\.?|pp|p\\.p\\.|dB)(?![\\w]))?' +
      '(?:\\s+(?:higher|lower|better|worse|absolute|relative|average|avg\\.?|mean|overall))*' +
      '(?:\\s+(?<metric>{METRIC}))?' +
      '(?:\\s+(?:improvement|gain|increase|drop|decrease|boost|reduction|lift)s?(?:\\s+(?:in|of|on)\\s+(?<metric2>{METRIC}))?)?',
    examples: {
      fires: ['we reach 79.15% accuracy on [VQAv2]', 'with just 0.85 COMET drop on [Flores-200] testsets', 'improves the Top-1 accuracy by 3.2% to 6.1% on [ImageNet-100]'],
      not: ['we match the accuracy of the original ResNet-50 on [ImageNet]', 'using 1/10 training time on [ImageNet-1K]', 'it analyzes 48,472 words from [WordNet]'],
    },
  },
  {
    id: 'score.lead-metric',
    kind: 'score',
    reason: 'a metric stated before the number gives it its metric ("mAP of 93.3%", "an ELBO of 1.38", "(AUC) of 0.8170", "improves the Top-1 accuracy by 3.2%", "the final F1 of argument extraction to 53.4%")',
    pattern: `(?:(?<m1>{METRIC})|\\(\\s*(?<m2>{METRIC})\\s*\\))(?:\\s+(?:of|on|for)\\s+[a-z][a-z-]*(?:\\s+[a-z][a-z-]*){0,2})?${LEAD_TAIL}`,
    examples: {
      fires: ['it achieves an Evidence Lower Bound (ELBO) of 1.38 on the [Text8] dataset', 'higher mAP of 93.3% and 74.3% on Market1501 and [MSMT17]'],
      not: ['it achieves 1.38 on the [Text8] dataset'],
    },
  },
  {
    id: 'score.paren',
    kind: 'score',
    reason: 'scores in a parenthesis right after a score belong to the same statement ("53.4% (+2.0%)", "+0.8% (90.6% vs. 89.8%)", "86.34%(1.39% accuracy improvement)")',
    pattern: '\\s*\\(\\s*',
    examples: {
      fires: ['achieves new SOTA 86.34%(1.39% accuracy improvement) on [MedNLI]'],
      not: ['achieves new SOTA 86.34% on [MedNLI]'],
    },
  },
  {
    id: 'list.coordination',
    kind: 'list',
    reason: 'scores joined by "and", commas or "vs." are one statement ("84.7% and 96.9%", "7.61%, 4.88%, and 3.08%"); a bare number joins a list begun by a score',
    pattern: '^\\s*(?:,\\s*(?:and\\s+)?|,?\\s+and\\s+|\\s+(?:vs\\.?|versus)\\s+)$',
    examples: {
      fires: ['with accuracies of 84.7% and 96.9% on [ADI-5] and ADI-17, respectively'],
      not: ['with an accuracy of 84.7% on [ADI-5]'],
    },
  },
  {
    id: 'list.metric-restated',
    kind: 'list',
    reason: 'a list continues when its next score restates a metric ("AUC of 0.8170 and F1 score of 0.4178")',
    pattern: '^\\s*(?:,\\s*(?:and\\s+)?|,?\\s+and\\s+)(?:(?:a|an|the)\\s+)?(?:{METRIC}|\\(\\s*{METRIC}\\s*\\))\\s+(?:of|=|:)\\s+$',
    examples: {
      fires: ['with AUC of 0.8170 and F1 score of 0.4178 on [NMEDW] dataset'],
      not: ['with AUC of 0.8170 on [NMEDW] dataset'],
    },
  },
  {
    id: 'list.over-baseline',
    kind: 'list',
    reason: 'gains each stated over a baseline are one statement ("17.6% over GPT-3 Babbage and 5.7% over GPT-3 Davinci")',
    pattern: '^\\s+{CMP}\\s+(?:the\\s+)?[^\\s,;()]+(?:\\s+[^\\s,;()]+){0,3}(?:,\\s*(?:and\\s+)?|,?\\s+and\\s+)$',
    examples: {
      fires: ['increasing accuracy by 17.6% over GPT-3 Babbage and 5.7% over GPT-3 Davinci in [e-SNLI]'],
      not: ['increasing accuracy by 5.7% over GPT-3 Davinci in [e-SNLI]'],
    },
  },
  {
    id: 'bare.result-verb',
    kind: 'bare',
    reason: 'a number right after a result verb is a score even without a unit ("achieves 72.2 on MMMU", "achieved respectively 0.198 and 0.210")',
    pattern: '\\b(?:achiev|obtain|reach|attain|scor|record|yield)\\w*\\s+(?:(?:a|an|the|new|state-of-the-art|SOTA|best|top|average|overall|mean|respectively)\\s+)*$',
    examples: {
      fires: ['our model achieves 72.2 on [MMMU]'],
      not: ['our model uses 72 layers on [MMMU]', 'our model achieves 2021 on [MMMU]'],
    },
  },
  {
    id: 'bare.continued',
    kind: 'bare',
    reason: 'a decimal after "on X and" continues a result enumeration ("72.2 on MMMU and 65.0 on MathVista")',
    pattern: '\\b(?:on|in)\\s+(?:the\\s+)?{NAME}(?:\\s+(?:dataset|benchmark|test set))?,?\\s+(?:and|while|whereas|but)\\s+$',
    decimal: true,
    examples: {
      fires: ['it achieves 72.2 on MMMU and 65.0 on [MathVista]'],
      not: ['it is trained on MMMU and 65 on [MathVista]'],
    },
  },
  {
    id: 'guard.year',
    kind: 'guard',
    side: 'self',
    reason: 'a year or date without a % or points unit is not a score ("SemEval-2019", "(July 3, 2021)", "(Williams et al., 2018)")',
    pattern: '^(?:1[89]|20)\\d\\d$',
    examples: {
      fires: ['the model achieves 2021 on [GLUE]'],
      not: ['the model achieves 90.6 on [GLUE]'],
    },
  },
  {
    id: 'guard.hyper-parameter',
    kind: 'guard',
    side: 'left',
    reason: 'a hyper-parameter value is not a score ("a learning rate of 0.001 on CIFAR-10", "k = 5")',
    pattern: '\\b(?:learning rate|lr|batch size|weight decay|dropout(?: rate)?|temperature|momentum|warm-?up(?: steps)?|beta\\d?|alpha|lambda|epsilon|margin|threshold|top-[kp]|rank|seed|dimension|hidden size|window size|context length|sequence length|mask(?:ing)? ratio|sampling rate|[kKnN])\\s*(?:of|=|:|is|was|to|set to)?\\s*$',
    examples: {
      fires: ['trained with a learning rate of 0.001 on [CIFAR-10]', 'a cohort (n=2421) from the [OAI] dataset'],
      not: ['reaching an error rate of 3.5% on [CIFAR-10]'],
    },
  },
  {
    id: 'guard.cost-left',
    kind: 'guard',
    side: 'left',
    reason: 'a cost or its reduction is not a score ("saving the training cost by 43%", "latency reduced by up to 67%", "a compression ratio of 43.75%")',
    pattern: `\\b(?:costs?|time|latency|memory|parameters|params|FLOPs|footprint|size|overhead|bandwidth|usage|budget|length|consumption|storage|tokens|compute|energy|compression(?: ratio| rate)?|sparsity|pruning ratio)\\s+(?:(?:is|was|are|were)\\s+)?(?:(?:reduced|cut|decreased|lowered|saved|shrunk)\\s+)?(?:by|of|to)\\s+(?:${CUT}\\s+)?$`,
    examples: {
      fires: ['it improves accuracy on [ImageNet-1K], while saving the training cost by 43% in the meantime', 'on the [MMLU] dataset, MKA achieves a compression ratio of 43.75%'],
      not: ['it improves the accuracy by 2.7% on [ImageNet-1K]'],
    },
  },
  {
    id: 'guard.cost-right',
    kind: 'guard',
    side: 'right',
    reason: 'a share of parameters, data, time or compute is not a score ("8% training samples", "33% of training time", "3.6% parameters")',
    pattern: '^\\s*(?:of\\s+)?(?:(?:the|its|their|our|original|total|trainable|training|local|pre-?training|inference)\\s+)*(?:parameters|params|compute|computing|computation|data|tokens|samples|examples|time|costs?|memory|FLOPs|storage|budget|resources|quantity|annotations|labels|images|size|latency|energy|GPUs?|speed|throughput)\\b',
    examples: {
      fires: ['on [MSMT17], while only utilizing 8% training samples'],
      not: ['on [MSMT17], reaching 74.3% mAP'],
    },
  },
  {
    id: 'guard.share-of',
    kind: 'guard',
    side: 'right',
    reason: 'a share of something ("51.2% of the arguments", "50% of the improvement") is a statistic, not a score; "within 0.4% of the performance" stays',
    pattern: '^\\s+of\\s+(?!(?:(?:the|all|its|their)\\s+)?(?:performance|gap|score|accuracy|results?|human|full|state|best)\\b)[a-z]',
    examples: {
      fires: ['our method matches 50% of the improvement of MMedLM2 on [MMedBench]'],
      not: ['on [GLUE], we attain within 0.4% of the performance of full fine-tuning'],
    },
  },
  {
    id: 'guard.comparative-cost',
    kind: 'guard',
    side: 'right',
    reason: 'a saving or speed-up is not a score ("83% fewer iterations", "53% less communication cost")',
    pattern: '^\\s*(?:fewer|less|faster|slower|smaller|larger|cheaper|speed-?ups?)\\b',
    examples: {
      fires: ['on [CIFAR-10], it needs 83% fewer iterations'],
      not: ['on [CIFAR-10], it reaches 83% accuracy'],
    },
  },
  {
    id: 'guard.count',
    kind: 'guard',
    side: 'right',
    reason: 'a count of things is not a score ("13 datasets in BLURB", "2% in general tasks", "300 epochs")',
    pattern: '^\\s+(?:(?!(?:over|than|against|compared|versus)\\b)[a-z][\\w-]*\\s+){0,2}?(?:datasets?|benchmarks?|tasks?|languages?|models?|samples?|examples?|sentences?|images?|classes|categories|subjects|domains|epochs?|steps|iterations|layers|runs|seeds|shots?|patients|participants|teams|systems|hours|days|GPUs|nodes|words|tokens|documents|articles|pairs|instances|questions|annotations|utterances|times)\\b',
    examples: {
      fires: ['performance gains of 2% in general tasks, 9% in the [GSM8K] task'],
      not: ['performance gains of 9% in the [GSM8K] task'],
    },
  },
  {
    id: 'link.on',
    kind: 'link-before',
    reason: 'scores right before "on/in/for (the) X" are on X ("79.15% accuracy on VQAv2", "10.57 dB on the DCASE 2018 Task 2 dataset", "3.2% absolute points respectively on GLUE and SQuAD 2.0")',
    pattern: '^(?:,?\\s+respectively)?(?:\\s+(?:on average|in total|overall|in all|each))?,?\\s+(?:on|in|for|at|across)\\s+(?:the\\s+)?$',
    examples: {
      fires: ['ManagerTower achieves 79.15% accuracy on [VQAv2]', 'with accuracies of 84.7% and 96.9% on ADI-5 and [ADI-17], respectively', 'it achieves a new state-of-the-art 127.9 CIDEr-D on [Karpathy split]'],
      not: ['we match the accuracy of the original ResNet-50 on [ImageNet]', 'we train for 300 epochs on [ImageNet]', 'we evaluate 3 models on [MMLU]', 'as shown by Deng et al. (2009) on [ImageNet]'],
    },
  },
  {
    id: 'link.over-baseline',
    kind: 'link-before',
    reason: 'a gain over a named baseline, then "on X", is on X ("+113 points over InternVL-1.5 on OCRBench", "2.7% compared to the E2E baseline on ImageNet-1K")',
    pattern: '^\\s+{CMP}\\s+(?:the\\s+)?[^\\s,;()]+(?:\\s+[^\\s,;()]+){0,4}\\s+(?:on|in|for|at)\\s+(?:the\\s+)?$',
    examples: {
      fires: ['e.g., +113 points over InternVL-1.5 on [OCRBench]', 'an improvement of 4.9% Micro F1-score over current state-of-the-art benchmarks on the [NewsDiscourse] dataset'],
      not: ['with 8 GPUs over two weeks on [ImageNet]'],
    },
  },
  {
    id: 'link.over-count-of',
    kind: 'link-before',
    reason: 'a score averaged over a count of the target\'s parts is on the target ("5.57 dB over 527 sound classes of AudioSet")',
    pattern: '^\\s+(?:over|across)\\s+\\d[\\d,]*\\s+[a-z][\\w-]*(?:\\s+[a-z][\\w-]*){0,2}\\s+(?:of|in|from)\\s+(?:the\\s+)?$',
    examples: {
      fires: ['an SDRi of 5.57 dB over 527 sound classes of [AudioSet]'],
      not: ['we use 527 sound classes of [AudioSet]'],
    },
  },
  {
    id: 'link.score-name',
    kind: 'link-before',
    reason: 'a score right before the name, the name followed by a gain, score or metric word ("+5.81% ImageNet linear probing improvement", "0.210 AVeriTeC scores")',
    pattern: '^\\s+$',
    after: '^(?:\\s+[a-z][\\w-]*){0,3}\\s+(?:improvements?|gains?|increases?|boosts?|drops?|scores?|(?<metric>{METRIC}))(?![\\w])',
    examples: {
      fires: ['we achieved an +5.81% [ImageNet] linear probing improvement'],
      not: ['we use 8% [ImageNet] data for tuning', 'we release 50 [Meta-World] tasks'],
    },
  },
  {
    id: 'link.paren-after',
    kind: 'link-after',
    reason: 'scores in a parenthesis right after the name (a task word or two between) are on it ("MM-IFEval (+10.2%)", "ImageNet classification (73.8% top-1 accuracy")',
    pattern: '^(?:\\s+[a-z][\\w-]*){0,2}\\s*\\(\\s*$',
    // '1,118 synsets in English WordNet (1.4%)': after a count, the parenthesis is that count's share.
    unless: '\\d[\\d,]*\\s+(?:[a-z][\\w-]*\\s+){1,3}(?:in|of|from|across)\\s+(?:the\\s+)?(?:[A-Z][\\w-]*\\s+)?$',
    examples: {
      fires: ['gains on IF benchmarks, such as [MM-IFEval] (+10.2%), MIA (+7.6%)', 'gains on [ImageNet] classification (73.8% top-1 accuracy based on DeiT-T)'],
      not: ['we use [MultiNLI] (Williams et al., 2018)', 'gains on the [SuperGLUE] benchmark (July 3, 2021)', 'the [WSJ] development set (1,700 sentences)', 'it predicts that 1,118 synsets in English [Wordnet] (1.4%) are BLC'],
    },
  },
  {
    id: 'link.metric-after',
    kind: 'link-after',
    reason: 'the name followed by a metric and its value ("MMMU accuracy of 72.2")',
    pattern: '^\\s+(?:{METRIC})\\s+(?:of|=|:|at|is|was|reaches|reached)\\s+$',
    examples: {
      fires: ['our model reaches an [MMMU] accuracy of 72.2'],
      not: ['we report the [MMMU] accuracy of 2 models', 'our model reaches an [MMMU] accuracy of 2024'],
    },
  },
  {
    id: 'link.with-after',
    kind: 'link-after',
    reason: 'the name followed by "with / reaching / achieving" and a score ("on MMMU with 72.2 accuracy", "on MMMU, achieving 72.2%")',
    pattern: '^,?\\s+(?:with|reaching|achieving|scoring|attaining|obtaining|yielding)\\s+(?:(?:a|an|the|new|best|state-of-the-art|SOTA|average|overall|mean|top)\\s+)*(?:(?:{METRIC})\\s+(?:of\\s+)?)?$',
    examples: {
      fires: ['it ranks first on [MMMU] with 72.2 accuracy'],
      not: ['it is trained on [ImageNet] with 1.28 million images', 'it is trained on [COCO] with 8 GPUs'],
    },
  },
  {
    id: 'clause.after-target',
    kind: 'clause-after',
    reason: 'an evaluation target ("results on X", "On X,") gets the first scores of its clause after a result cue ("On GLUE, we attain within 0.4%", "on the MTEB dataset, achieving an absolute improvement of 0.7 points")',
    // The cue governs the preposition: at most three words between, none of them a training verb ('detectors trained on X').
    before: '(?:^(?:[a-z]+,\\s+)?|\\b(?:results?|experiments?|evaluat\\w*|tested|tests?|performance|accuracy|scores?|achiev\\w*|outperform\\w*|state-of-the-art|SOTA|place|rank\\w*|improv\\w*|gains?|settings?)(?:\\s+(?!(?:trained|pre-?trained|fine-?tuned|tuned|learned|built|constructed|created|collected)\\b)[\\w\'’-]+){0,3}\\s+)(?:on|in)\\s+(?:the\\s+)?$',
    pattern: `\\b(?:achiev|obtain|reach|attain|improv|boost|outperform|surpass|yield|push|gain|increas|reduc|deliver|scor|record|exceed|rais|lift|show)\\w*|\\bby\\s+(?:${CUT}\\s+)?$`,
    stop: ';|\\b(?:on|in|for)\\s+(?:the\\s+)?(?:[A-Z]|[a-z]+[A-Z\\d])',
    owner: '^\\s+(?:(?:on|in|for|at)\\s+(?:the\\s+)?)?(?:[A-Z]|[a-z]+[A-Z\\d])',
    examples: {
      fires: ['on [GLUE], we attain within 0.4% of the performance of full fine-tuning', 'empirical results on [ACE 2005] shows that MQAEE outperforms the state-of-the-art, pushing the final F1 to 53.4% (+2.0%)'],
      not: ['we train on [C4] and achieve 72.2% accuracy', 'we train our model on [Conceptual Captions] and achieved an +5.81% ImageNet improvement', 'our results show that fake news detectors trained on [PropaNews] are better at detecting disinformation by 3.62–7.69% F1 score'],
    },
  },
  {
    id: 'respectively.after',
    kind: 'respectively',
    reason: 'the k-th of n coordinated names gets the k-th of n scores stated after them with "respectively" ("On GSM8K, HumanEval, and MedQA, it gains 7.61%, 4.88%, and 3.08%, respectively")',
    pattern: '^(?:\\s+{CMP}\\s+[^,;]{1,40}?)?,?\\s+respectively\\b',
    stop: ';',
    examples: {
      fires: ['On datasets such as GSM8K, [HumanEval], and MedQA, it achieves improvements of 7.61%, 4.88%, and 3.08% over the base models, respectively'],
      not: ['On datasets such as GSM8K, [HumanEval], and MedQA, it achieves improvements of 7.61% and 4.88% over the base models, respectively'],
    },
  },
];

const NAME = "(?:[A-Z][\\w.+/@'’&-]*|[a-z][\\w+'’-]*[A-Z\\d][\\w.+/@'’-]*)(?:\\s+(?:[A-Z][\\w.+/@'’&-]*|\\d[\\w.]*|v\\d[\\w.]*)){0,3}";
const CMP = '(?:over|than|compared (?:to|with)|against|versus|vs\\.?)';

/** A vocabulary word as an expression, its first letter either case ('english' → '[Ee]nglish'). */
function wordSource(w: string): string {
  const s = w.replace(/[.*+?^${}()|[\]\\@/]/g, '\\$&');
  const first = w.charAt(0);
  return /[a-z]/.test(first) ? `[${first.toUpperCase()}${first}]${s.slice(1)}` : s;
}

/** A metric spelling as an expression, with the plural of a lower-case last word ('accuracy' → '[Aa]ccurac(?:y|ies)'). */
function metricSource(m: string): string {
  const s = wordSource(m);
  if (!/[a-z]$/.test(m)) return s;
  return /y$/.test(m) ? `${s.slice(0, -1)}(?:y|ies)` : `${s}s?`;
}

interface CompiledRule {
  rule: ResultRule;
  re: RegExp;
  before?: RegExp;
  after?: RegExp;
  stop?: RegExp;
  owner?: RegExp;
  unless?: RegExp;
}

interface Compiled {
  metrics: string[];
  start: RegExp;
  item: RegExp;
  lead: RegExp;
  /** The lead expression's tail alone: a cheap test before the metric alternation runs. */
  leadTail: RegExp;
  paren: RegExp;
  parenSep: RegExp;
  parenClose: RegExp;
  metricOnly: RegExp;
  peel: RegExp;
  suffixHead: RegExp;
  suffixItem: RegExp;
  suffixNotName: RegExp;
  rules: Map<string, CompiledRule>;
  byKind: Map<ResultRuleKind, ResultRule[]>;
}

let compiled: Compiled | undefined;

function compile(lex: Lexicon): Compiled {
  if (compiled && compiled.metrics === lex.metricList) return compiled;
  // 'points' is a unit here, not a metric; the list is longest first, so 'F1-score' is tried before 'F1'.
  // Qualifiers that name a different metric ('macro-F1', 'Top-1 accuracy'); 'average', 'overall' do not.
  const mod = '(?:(?:[Mm]acro|[Mm]icro|[Ww]eighted|[Bb]alanced|[Tt]op-\\d+|[Bb]ox|[Mm]ask)[\\s-])?';
  const list = lex.metricList.filter((m) => m !== 'points').map(metricSource).join('|');
  const METRIC = `(?<![\\w-])${mod}(?:${list})(?:[@-]\\d+)?(?:[\\s-]?[Ss]cores?)?(?![\\w@])`;
  const LANGUAGE = `(?:${[...lex.languages].map(wordSource).join('|')})`;
  const expand = (p: string): string =>
    p.replaceAll('{METRIC}', METRIC).replaceAll('{LANGUAGE}', LANGUAGE).replaceAll('{NAME}', NAME).replaceAll('{CMP}', CMP);
  const rules: Compiled['rules'] = new Map();
  const byKind = new Map<ResultRuleKind, ResultRule[]>();
  for (const rule of RESULT_RULES) {
    if (rules.has(rule.id)) throw new Error(`results: duplicate rule id ${rule.id}`);
    const src = expand(rule.pattern);
    // The number and parenthesis expressions are read at a position (sticky); every other one is anchored in its source.
    const sticky = rule.id === 'score.number' || rule.id === 'score.paren';
    const c: CompiledRule = { rule, re: new RegExp(src, sticky ? 'y' : '') };
    if (rule.before) c.before = new RegExp(expand(rule.before));
    if (rule.after) c.after = new RegExp(expand(rule.after));
    if (rule.stop) c.stop = new RegExp(expand(rule.stop));
    if (rule.owner) c.owner = new RegExp(expand(rule.owner));
    if (rule.unless) c.unless = new RegExp(expand(rule.unless));
    rules.set(rule.id, c);
    byKind.set(rule.kind, [...(byKind.get(rule.kind) ?? []), rule]);
  }
  compiled = {
    metrics: lex.metricList,
    start: /(?<![\w.,/+\-−±\\])[+\-−]?\d/g,
    item: rules.get('score.number')!.re,
    lead: rules.get('score.lead-metric')!.re,
    leadTail: new RegExp(LEAD_TAIL),
    paren: rules.get('score.paren')!.re,
    parenSep: /\s*(?:,|;|and|vs\.?|versus)\s*/y,
    parenClose: /\s*\)/y,
    metricOnly: new RegExp(`^${METRIC}$`),
    // One name and its separator, at the end of the text before the mention ('GSM8K, ', 'WSC273 and ').
    peel: new RegExp(`(?<=^|[\\s(:])(${NAME})(\\s*,\\s*(?:and\\s+)?|,?\\s+and\\s+)$`),
    suffixHead: /^\s+(?:datasets?|benchmarks?|corpus|corpora|test ?sets?|splits?|tasks?)\b/,
    suffixItem: new RegExp(`(\\s*,\\s*(?:and\\s+)?|,?\\s+and\\s+)(${NAME})(?:\\s+(?:datasets?|benchmarks?|corpus|corpora|test ?sets?|splits?|tasks?)\\b)?`, 'y'),
    suffixNotName: /^\s*(?:of|=|:)\s|^\s+[+\-−]?\d/,
    rules,
    byKind,
  };
  return compiled;
}

interface Part {
  value: number;
  metric?: string;
}

/** One number read as a (possible) score: the parts of its range or parenthesis, and where its statement starts. */
interface Slot {
  start: number;
  end: number;
  textStart: number;
  parts: Part[];
  scored: boolean;
  /** Has a % / points / pp / dB unit. */
  unit: boolean;
  decimal: boolean;
  raw: string;
}

interface ScoreList {
  start: number;
  end: number;
  slots: Slot[];
}

type Fired = Set<string>;

/** 'accuracies' → 'accuracy', 'F1-scores' → 'F1-score'. */
const singularMetric = (m: string): string => m.replace(/(?<=[a-z]{3})ies$/, 'y').replace(/(?<=[a-z]{2}[^s])s$/, '');

type Item = Pick<Slot, 'end' | 'parts' | 'scored' | 'unit' | 'decimal' | 'raw'> & { metric?: string };

function readItem(text: string, at: number, c: Compiled): Item | undefined {
  c.item.lastIndex = at;
  const m = c.item.exec(text);
  if (!m) return undefined;
  const g = m.groups!;
  const neg = g.sign === '-' || g.sign === '−';
  const metric = g.metric ?? g.metric2;
  const parts: Part[] = [{ value: neg ? -Number(g.num) : Number(g.num) }];
  if (g.num2 !== undefined) parts.push({ value: Number(g.num2) });
  const unit = !!(g.pct || g.pts);
  const out: Item = {
    end: at + m[0].length,
    parts,
    scored: unit || !!metric,
    unit,
    decimal: g.num!.includes('.'),
    raw: g.num!,
  };
  if (metric) out.metric = singularMetric(metric);
  return out;
}

/** Reads one slot at a number: the item, a metric stated before it, and scores in a parenthesis right after it. */
function readSlot(text: string, at: number, c: Compiled, fired: Fired): Slot | undefined {
  const item = readItem(text, at, c);
  if (!item) return undefined;
  const slot: Slot = { start: at, end: item.end, textStart: at, parts: item.parts, scored: item.scored, unit: item.unit, decimal: item.decimal, raw: item.raw };
  let metric = item.metric;
  if (!metric) {
    const left = text.slice(Math.max(0, at - 80), at);
    // the lead expression ends in white space
    const lm = endsInSpace(left) && c.leadTail.test(left) ? c.lead.exec(left) : null;
    if (lm) {
      metric = singularMetric((lm.groups!.m1 ?? lm.groups!.m2)!);
      slot.textStart = at - (left.length - lm.index);
      slot.scored = true;
      fired.add('score.lead-metric');
    }
  }
  // '53.4% (+2.0%)', '+0.8% (90.6% vs. 89.8%)': scored items only, up to the closing parenthesis.
  c.paren.lastIndex = slot.end;
  if (slot.scored && c.paren.exec(text)) {
    let pos = c.paren.lastIndex;
    const extra: Part[] = [];
    for (;;) {
      const inner = readItem(text, pos, c);
      if (!inner || !inner.scored) break;
      for (const p of inner.parts) extra.push(inner.metric ? { ...p, metric: inner.metric } : p);
      pos = inner.end;
      c.parenSep.lastIndex = pos;
      if (!c.parenSep.exec(text)) break;
      pos = c.parenSep.lastIndex;
    }
    c.parenClose.lastIndex = pos;
    if (extra.length > 0 && c.parenClose.exec(text)) {
      slot.parts.push(...extra.map((p) => (p.metric || !metric ? p : { ...p, metric })));
      slot.end = c.parenClose.lastIndex;
      fired.add('score.paren');
    }
  }
  if (metric) for (const p of slot.parts) p.metric ??= metric;
  return slot;
}

/** Every number in `text` that survives the guards, grouped into lists; unscored numbers kept only when a bare rule takes them. */
function readLists(text: string, c: Compiled, fired: Fired): ScoreList[] {
  if (!/\d/.test(text)) return [];
  const slots: Slot[] = [];
  c.start.lastIndex = 0;
  for (let m = c.start.exec(text); m; m = c.start.exec(text)) {
    const s = readSlot(text, m.index, c, fired);
    if (!s) continue;
    c.start.lastIndex = s.end;
    const guard = (c.byKind.get('guard') ?? []).find((r) => {
      const re = c.rules.get(r.id)!.re;
      if (r.side === 'self') return !s.unit && re.test(s.raw);
      if (r.side === 'left') return re.test(text.slice(Math.max(0, s.start - 60), s.start));
      return re.test(text.slice(s.end, s.end + 80));
    });
    if (guard) {
      fired.add(guard.id);
      continue;
    }
    slots.push(s);
  }
  const lists: ScoreList[] = [];
  let cur: { slots: Slot[]; accepted: boolean[] } | undefined;
  const flush = (): void => {
    if (!cur) return;
    const kept = cur.slots.filter((_, i) => cur!.accepted[i]);
    if (kept.length > 0) lists.push({ start: kept[0]!.textStart, end: kept[kept.length - 1]!.end, slots: kept });
    cur = undefined;
  };
  for (const s of slots) {
    let joined: string | undefined;
    const prev = cur?.slots[cur.slots.length - 1];
    if (prev) {
      const gap = text.slice(prev.end, s.start);
      joined = (c.byKind.get('list') ?? []).find((r) => c.rules.get(r.id)!.re.test(gap))?.id;
    }
    if (!joined) flush();
    cur ??= { slots: [], accepted: [] };
    let ok = s.scored;
    if (!ok && joined && cur.accepted[cur.accepted.length - 1]) ok = true;
    if (!ok) {
      const left = text.slice(Math.max(0, s.start - 80), s.start);
      const bare = (c.byKind.get('bare') ?? []).find((r) => (!r.decimal || s.decimal) && c.rules.get(r.id)!.re.test(left));
      if (bare) {
        fired.add(bare.id);
        ok = true;
      }
    }
    if (ok && joined) fired.add(joined);
    cur.slots.push(s);
    cur.accepted.push(ok);
  }
  flush();
  return lists;
}

const SPACE = /\s/;

function endsInSpace(s: string): boolean {
  return s.length > 0 && SPACE.test(s[s.length - 1]!);
}

/** A cheap test `peel` needs to pass: its separator ends the text, so the text ends in ',' (then white space) or 'and' and white space. */
function endsInListSeparator(s: string): boolean {
  let e = s.length;
  while (e > 0 && SPACE.test(s[e - 1]!)) e--;
  return (e > 0 && s[e - 1] === ',') || (e < s.length && s.endsWith('and', e));
}

/** The names coordinated before the mention ('GSM8K, HumanEval, and ' → 2), and whether the last was joined by 'and'. */
function peelPrefix(before: string, c: Compiled): { k: number; rest: string; lastAnd: boolean } {
  let rest = before;
  let k = 0;
  let lastAnd = false;
  // the cheap test first: `peel` only matches a text that ends in a list separator
  const peel = (s: string): RegExpExecArray | null => (endsInListSeparator(s) ? c.peel.exec(s) : null);
  for (let m = peel(rest); m; m = peel(rest)) {
    if (c.metricOnly.test(m[1]!)) break;
    if (k === 0) lastAnd = /\band\b/.test(m[2]!);
    k++;
    rest = rest.slice(0, m.index);
  }
  return { k, rest, lastAnd };
}

/** The names coordinated after the mention, up to the one joined by 'and' (0 when no 'and' closes the list). */
function suffixNames(after: string, c: Compiled): { m: number; end: number } {
  let pos = c.suffixHead.exec(after)?.[0].length ?? 0;
  let m = 0;
  for (;;) {
    c.suffixItem.lastIndex = pos;
    const x = c.suffixItem.exec(after);
    if (!x || c.metricOnly.test(x[2]!) || c.suffixNotName.test(after.slice(c.suffixItem.lastIndex))) return { m: 0, end: 0 };
    m++;
    pos = c.suffixItem.lastIndex;
    if (/\band\b/.test(x[1]!)) return { m, end: pos };
  }
}

/** The k-th of n coordinated names: every score when the mention stands alone, else the k-th of exactly n. */
function assign(list: ScoreList, n: number, k: number): Part[] {
  if (n === 1) return list.slots.flatMap((s) => s.parts);
  return list.slots.length === n ? list.slots[k]!.parts : [];
}

export interface ExplainedResult extends LocalResult {
  rule: string;
}

/** Results around one mention, with the link rule that read each and every rule that took part. */
export function resultsExplained(m: MentionContext, lex: Lexicon): { results: ExplainedResult[]; fired: string[] } {
  const fired: Fired = new Set();
  const results: ExplainedResult[] = [];
  if (!/\d/.test(m.before) && !/\d/.test(m.after)) return { results, fired: [] };
  const c = compile(lex);
  for (const r of c.byKind.get('skip') ?? []) {
    if (c.rules.get(r.id)!.re.test(r.side === 'surface' ? m.surface : m.after)) return { results, fired: [r.id] };
  }
  const seen = new Set<string>();
  const add = (parts: Part[], rule: string, text: string): void => {
    for (const p of parts) {
      const key = `${p.value}|${p.metric ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      results.push({ ...(p.metric ? { metric: p.metric } : {}), value: p.value, text: text.trim(), rule });
    }
    if (parts.length === 0) return;
    fired.add(rule);
    fired.add('score.number');
  };
  const { k, rest, lastAnd } = peelPrefix(m.before, c);
  const suffix = k > 0 && lastAnd ? { m: 0, end: 0 } : suffixNames(m.after, c);
  const n = k + 1 + suffix.m;

  // Scores before the mention.
  const before = readLists(rest, c, fired);
  const last = before[before.length - 1];
  if (last) {
    const gap = rest.slice(last.end);
    for (const r of c.byKind.get('link-before') ?? []) {
      const cr = c.rules.get(r.id)!;
      if (!cr.re.test(gap)) continue;
      if (cr.after) {
        const a = cr.after.exec(m.after);
        if (!a) continue;
        const metric = a.groups?.metric;
        const parts = assign(last, 1, 0).map((p) => (metric && !p.metric ? { ...p, metric: singularMetric(metric) } : p));
        add(parts, r.id, `${m.before.slice(last.start)}${m.surface}${a[0]}`);
      } else add(assign(last, n, k), r.id, `${m.before.slice(last.start)}${m.surface}`);
      break;
    }
  }
  const fromBefore = results.length > 0;

  // Scores after the mention.
  const after = readLists(m.after, c, fired);
  const first = after[0];
  if (first) {
    // Up to the first number: a metric stated before it ('MMMU accuracy of 72.2') is part of the link.
    const gap = m.after.slice(0, first.slots[0]!.start);
    for (const r of c.byKind.get('link-after') ?? []) {
      const cr = c.rules.get(r.id)!;
      if (!cr.re.test(gap) || cr.unless?.test(m.before)) continue;
      add(assign(first, 1, 0), r.id, `${m.surface}${m.after.slice(0, first.end)}`);
      break;
    }
  }
  for (const r of c.byKind.get('clause-after') ?? []) {
    if (fromBefore || n !== 1) break;
    const cr = c.rules.get(r.id)!;
    if (!cr.before!.test(rest)) continue;
    const target = after.find((l) => l.slots.some((s) => s.scored));
    if (!target) continue;
    const gap = m.after.slice(0, target.start);
    if (gap.length > 120 || cr.stop!.test(gap) || !cr.re.test(gap) || cr.owner!.test(m.after.slice(target.end))) continue;
    add(assign(target, 1, 0), r.id, `${m.surface}${m.after.slice(0, target.end)}`);
  }
  for (const r of c.byKind.get('respectively') ?? []) {
    if (n < 2) break;
    const cr = c.rules.get(r.id)!;
    const target = after.find((l) => l.start >= suffix.end && l.slots.length === n);
    if (!target) continue;
    const gap = m.after.slice(suffix.end, target.start);
    const tail = cr.re.exec(m.after.slice(target.end));
    if (gap.length > 120 || cr.stop!.test(gap) || !tail) continue;
    add(assign(target, n, k), r.id, `${m.surface}${m.after.slice(0, target.end + tail[0].length)}`);
  }
  return { results, fired: [...fired] };
}

/** Results stated around one dataset/benchmark mention. */
export function resultsAround(m: MentionContext, lex: Lexicon): LocalResult[] {
  // most mentions have no number around them: nothing to read, nothing to allocate
  if (!/\d/.test(m.before) && !/\d/.test(m.after)) return [];
  return resultsExplained(m, lex).results.map(({ rule: _rule, ...r }) => r);
}
