// Pass 90 — signals computed by a test over the candidate and its paper: compromise's word classes, the paper's own
// spelling elsewhere, the sentence's claim. Evidence for the scorer, never decisions.
import type { TestRule } from './types.ts';
import { TEAM_AT_EVENT } from './30-title.ts';
import { isCapitalisedEnglishWord, isEnglishWord, PERSON_CLASSES } from '../nlp.ts';
import { isNameHead } from '../lexicon.ts';

// compromise word classes that mark a capitalised word as a place, organisation, date word or unit.
const NON_ENTITY_CLASSES = new Set(['Place', 'Country', 'City', 'Region', 'Demonym', 'Month', 'WeekDay', 'Organization', 'Currency', 'Unit', 'Holiday', 'SportsTeam', 'Date']);
const FUNCTION_CLASSES = new Set(['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'Adverb', 'QuestionWord', 'Modal', 'Copula', 'Auxiliary', 'Negative', 'Expression']);
const WORD_FORM_CLASSES = new Set(['Gerund', 'PastTense', 'Adverb', 'Comparative', 'Superlative', 'Infinitive', 'PresentTense']);
const WORD_CHAR = /[\p{L}\p{N}]/u;
/**
 * Text before a word that leaves it opening a sentence ('', '(2) ', 'iii. ') or an enumerated item inside one
 * ('…: (1) ', '…; and (3) '): a capital there is the writer's habit, not a name's.
 */
const SENTENCE_OPENING = /^\W*(?:\(?(?:\d{1,2}|[ivx]{1,4}|[a-z])[).:]\W*)?$|(?:[:;,]|\band)\s*\(?(?:\d{1,2}|[ivx]{1,4}|[a-z])\)\s*$/u;

// compromise word classes that, right after an opening verb in -ing, make the phrase a verb phrase: 'Learning to
// Stop', 'Matching the Statements', 'Reasoning via Planning', 'Building and Using Comparable Corpora'.
const AFTER_VERB_CLASSES = new Set(['Preposition', 'Determiner', 'Conjunction']);

/**
 * A capitalised word in -ing that is a verb form: compromise tags it a gerund, or it is one of a verb compromise
 * knows ('Revitalizing' → revitalize, 'Modelling' → model), or a long -ing word compromise does not know at all
 * ('Compressing', 'Debiasing'); not 'String', 'Beijing', 'Missing' (a noun, a place, an adjective).
 */
function isVerbInIng(word: string, wordClass: (lower: string) => string | undefined): boolean {
  if (!/^\p{Lu}\p{Ll}{3,}ing$/u.test(word)) return false;
  const lower = word.toLowerCase();
  const cls = wordClass(lower);
  if (cls === 'Gerund') return true;
  const stem = lower.slice(0, -3);
  for (const base of [stem, `${stem}e`, stem.length > 3 && stem.at(-1) === stem.at(-2) ? stem.slice(0, -1) : '']) {
    const b = base ? wordClass(base) : undefined;
    if (b === 'Infinitive' || b === 'PresentTense') return true;
  }
  return cls === undefined && lower.length >= 9;
}

/**
 * Some occurrence of `word` in `text` passes `bounded`, given the character before it (' ' at the start) and the one
 * after it (undefined at the end).
 */
function occursBetween(text: string, word: string, bounded: (before: string, after: string | undefined) => boolean): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (bounded(at === 0 ? ' ' : text[at - 1]!, text[at + word.length])) return true;
  }
  return false;
}

/** `lower` occurs in `text` as whole words, after a space or '(' (or at the start). */
function writtenInLowerCase(text: string, lower: string): boolean {
  return occursBetween(text, lower, (before, after) => (before === ' ' || before === '\n' || before === '\t' || before === '(') && (after === undefined || !WORD_CHAR.test(after)));
}

/** A name and a short variant suffix that opens with a capital or digit: 'TensorPoly-II', 'FST-W', 'Moirai-MoE'. */
const VARIANT = /^(\p{Lu}[\p{L}\d]*)[-‐]([\p{Lu}\d][\p{L}\d]{0,4})$/u;

/** `name` stands in `text` as a whole word not joined to a suffix by a hyphen. */
function writtenAlone(text: string, name: string): boolean {
  return occursBetween(text, name, (before, after) => !WORD_CHAR.test(before) && before !== '-' && (after === undefined || (!WORD_CHAR.test(after) && after !== '-' && after !== '‐')));
}

const AT_EVENT = new RegExp(TEAM_AT_EVENT);

/**
 * A personal pronoun as a word after the first ('Think Before You Act', 'Show Me More Details') or a negated verb
 * ('Don’t', 'Can’t'): a clause. A first-word pronoun is left alone ('You Only Look Once' names YOLO); 'I' only in a
 * contraction ('I’ve'), since a standalone capital I is also a Roman numeral or an initial ('A.I.').
 */
const CLAUSE = /\s(?:You|Your|We|Our|Us|Me|My|They|Them|Their)\b(?![-‐.])|\b(?:I|We|You|They|It)['’](?:m|ve|d|ll|re|s)\b|\p{L}n['’]t\b|\sMade\s+\p{Lu}\p{Ll}+$|\sMeets?\s+\p{Lu}|\sMatters$|\s(?:[Ii]s|[Aa]re)\s/u;

const TITLE_ARTICLE = /^[Tt]he[^\S\n]+/;

/**
 * The title (the paper text's first line, `paperText`) opens with `name` followed by "at EVENT": "HHU at SemEval-2017
 * Task 2: …". Asked of every candidate outside the title, so nothing is sliced until the title opens with the name.
 */
function titleTeam(text: string, name: string): boolean {
  const start = TITLE_ARTICLE.exec(text)?.[0].length ?? 0;
  if (!text.startsWith(name, start)) return false;
  const end = start + name.length;
  if (WORD_CHAR.test(text[end] ?? ' ')) return false;
  const nl = text.indexOf('\n', end);
  return AT_EVENT.test(nl < 0 ? text.slice(end) : text.slice(end, nl));
}

export const SIGNAL_RULES: TestRule[] = [
  {
    id: 'sig.lowercase-elsewhere',
    kind: 'signal',
    effect: 'evidence',
    test: (c, { text }) => /^\p{Lu}\p{Ll}/u.test(c.surface) && (writtenInLowerCase(text, c.surface[0]!.toLowerCase() + c.surface.slice(1)) || writtenInLowerCase(text, c.surface.toLowerCase())),
    reason: 'the paper also writes it in lower case ("Speech Translation" / "speech translation"): a common phrase',
    examples: { fires: ['[Speech Translation] matters. We study speech translation.'], not: ['[KestrelNet] matters. We study speech translation.'] },
  },
  {
    id: 'sig.word-class-place',
    kind: 'signal',
    effect: 'evidence',
    test: (c, { wordClass }) => !c.strong && c.surface.split(/\s+/).some((w) => NON_ENTITY_CLASSES.has(wordClass(w.toLowerCase()) ?? '')),
    reason: 'compromise tags a word as a place, organisation, date or unit',
    examples: { fires: ['built in [Paris] last', 'released in [July]'], not: ['built with [Kestrel] last'] },
  },
  {
    id: 'sig.person-name',
    kind: 'signal',
    effect: 'evidence',
    test: (c, { wordClass }) => !c.strong && c.tokens === 1 && PERSON_CLASSES.has(wordClass(c.surface.toLowerCase()) ?? ''),
    reason: 'compromise knows the word as a person name',
    examples: { fires: ['as shown by [Smith] in'], not: ['as shown by [Kestrel] in'] },
  },
  {
    id: 'sig.word-form',
    kind: 'signal',
    effect: 'evidence',
    test: (c, { wordClass }) => !c.strong && c.tokens === 1 && (/^\p{Lu}\p{Ll}+ly$/u.test(c.surface) || WORD_FORM_CLASSES.has(wordClass(c.surface.toLowerCase()) ?? '')),
    reason: 'compromise knows the word as a verb form, adverb or comparative ("Adapting", "Better")',
    examples: { fires: ['[Adapting] it helps', 'the [Finally] step'], not: ['the [Kestrel] step'] },
  },
  {
    id: 'sig.english-word',
    kind: 'signal',
    effect: 'evidence',
    test: (c, { wordClass }) => !c.strong && c.tokens === 1 && isEnglishWord(c.surface.toLowerCase(), wordClass),
    reason: 'a single capitalised English word ("Pass", "Bridge"): a name only with a clear cue',
    examples: { fires: ['we propose [Bridge], a router'], not: ['we propose [Kestrel], a router', 'we propose [ZetaNet], a router', 'as in [Foster] et al.'] },
  },
  {
    id: 'sig.function-word',
    kind: 'signal',
    effect: 'evidence',
    test: (c, { wordClass }) => c.tokens === 1 && FUNCTION_CLASSES.has(wordClass(c.surface.toLowerCase()) ?? ''),
    reason: 'compromise tags the word as a function word ("ALL", "Whether")',
    examples: { fires: ['[Whether] it holds', 'and [Although] it'], not: ['[BERT] of them'] },
  },
  {
    id: 'sig.generic-compound',
    kind: 'signal',
    effect: 'evidence',
    test: (c, { inVocabulary }) => {
      if (!/-/.test(c.surface)) return false;
      const parts = c.surface.split(/[-\s]+/);
      return parts.some((p) => inVocabulary('stop-acronyms', p)) && parts.every((p) => inVocabulary('stop-acronyms', p) || /^\p{Ll}+$/u.test(p));
    },
    reason: 'a generic acronym joined to lower-case words only ("API-accessed", "non-IID", "LLM-based")',
    examples: { fires: ['an [API-accessed] model', 'the [non-IID] case'], not: ['the [BERT-based] case', 'the [Kestrel-base] case'] },
  },
  {
    id: 'sig.compound-modifier',
    kind: 'signal',
    effect: 'evidence',
    prior: 'none',
    test: (c, { wordClass }) => {
      const m = /^((?:\p{L}+[-\s])*?\p{L}+)-(\p{L}+)$/u.exec(c.surface);
      if (!m) return false;
      // the words before it are words, not a name ('BERT-based' is BERT's modifier, and BERT is proposed alone)
      if (!m[1]!.split(/[-\s]/).every((w) => /^\p{Lu}?\p{Ll}+$/u.test(w))) return false;
      const part = m[2]!.toLowerCase();
      const cls = wordClass(part);
      return cls === 'Participle' || cls === 'PastTense' || (cls === 'Adjective' && /ed$/.test(part));
    },
    reason: 'a phrase that ends in a compound modifier in -ed or a participle ("Rule-Based", "Syntax-Guided", "Data-Driven") qualifies a head it leaves out: not a name',
    examples: { fires: ['approaches like [Rule-Based], Statistical and Neural', 'a [Syntax-Guided] decoder', 'the [Data-Driven] view'], not: ['a [BERT-based] decoder', 'the [Kestrel-Large] model', 'the [Graph-Net] model'] },
  },
  {
    id: 'sig.negated-name',
    kind: 'signal',
    effect: 'evidence',
    prior: 'none',
    test: (c) => /^[Nn]on-\S/.test(c.surface),
    reason: 'a name negated by "non-" is a modifier ("non-BERT baselines", "non-LLM methods"): the class of everything else, not an entity',
    examples: { fires: ['unlike [non-BERT] baselines', 'the [non-Kestrel] systems'], not: ['the [Kestrel] systems', 'the [Nonogram] solver'] },
  },
  {
    id: 'sig.verb-phrase',
    kind: 'signal',
    effect: 'evidence',
    prior: 'none',
    // firm: a title's verb phrase collects every title and definition rule's evidence for a name
    priorStrength: 2,
    test: (c, { wordClass, headClass }) => {
      // a long form the paper defines an acronym for is a name it coins ('Selectively Overwriting Memory … (SOM-DST)')
      if (c.generator === 'gen.long-form') return false;
      const words = c.surface.split(/\s+/);
      if (words.length < 2) return false;
      // an adverb before it leaves no doubt ('Jointly Learning Word …', 'Efficiently Modeling Long Sequences')
      if (/^\p{Lu}\p{Ll}+ly$/u.test(words[0]!) && (wordClass(words[0]!.toLowerCase()) ?? 'Adverb') === 'Adverb' && isVerbInIng(words[1]!, wordClass)) return true;
      if (!isVerbInIng(words[0]!, wordClass)) return false;
      if (AFTER_VERB_CLASSES.has(wordClass(words[1]!.toLowerCase()) ?? '')) return true;
      const last = words[words.length - 1]!;
      const plural = /^\p{Lu}\p{Ll}+[^siu]s$/u.test(last);
      const head = headClass(last);
      // a name whose head is a model, network or corpus ('Glancing Transformer', 'Missing Modality Imagination Network')
      if (!plural && isNameHead(head)) return false;
      return plural || (words.length === 2 && /\p{Lu}.*\p{Lu}/u.test(words[1]!));
    },
    reason: 'a verb in -ing with its object, as titles open ("Learning to Stop", "Compressing BERT", "Adding New Ideas"): what the paper does, not a name',
    examples: {
      fires: ['[Learning to Stop]: a study', '[Compressing BERT]: faster', '[Revitalizing Saturated Benchmarks]: more', '[Building and Using Comparable Corpora] now', 'attr2vec: [Jointly Learning Word] and Contextual Attribute Embeddings'],
      not: ['[Glancing Transformer] for', '[Missing Modality Imagination Network] for', '[String Kernels] for', 'we use [Kestrel Networks] for', '[Beijing Normal] data', 'with [Early Stopping] on'],
    },
  },
  {
    id: 'sig.clause',
    kind: 'signal',
    effect: 'evidence',
    prior: 'none',
    // firm, as for a verb phrase: a title's clause collects every title and definition rule's evidence for a name
    priorStrength: 2,
    test: (c) => c.tokens >= 2 && CLAUSE.test(c.surface),
    reason: 'a phrase with a personal pronoun after its first word, a negated verb, a copula, or "X Made Easy", "X Meets Y", "X Matters" ("Think Before You Act", "Greed is All You Need", "Don\'t Stop Pretraining", "Robot Fine-Tuning Made Easy", "Extraction Meets Abstraction"): a clause, as titles open with, not a name; "You Only Look Once" keeps its first-word pronoun',
    examples: {
      fires: ['[Think Before You Act]: A Two-Stage Framework', '[Annotate the Way You Think]: a study', '[Don’t Stop Kestrel]: adapting models', 'as in [Show Me More Details]: we', '[Kestrel Fine-Tuning Made Easy]: rewards', '[Extraction Meets Abstraction]: answers', '[Refinement Matters]: zero-shot', '[Forbidden Kestrel is the Sweetest]: a corpus'],
      not: ['[You Only Look Twice]: fast detection', '[Kestrel Only Looks Once] at', 'the [TensorPoly-I] model', 'the [Open A.I. Kit] for', 'the [Made Simple] corpus'],
    },
  },
  {
    id: 'sig.own-claim',
    kind: 'signal',
    effect: 'evidence',
    test: (c) => /\b(?:we|our|us|this\s+(?:paper|work|study|report|article)|here|the\s+proposed|novel)\b/i.test(c.before.slice(-100) + c.after.slice(0, 60)),
    reason: 'the sentence is the paper\'s own claim ("we", "our", "this paper", "novel")',
    examples: { fires: ['In this paper, we present [Kestrel] for'], not: ['Prior work presented [Kestrel] for'] },
  },
  {
    id: 'sig.sentence-initial',
    kind: 'signal',
    effect: 'evidence',
    test: (c) => SENTENCE_OPENING.test(c.before),
    reason: 'the first word of a sentence or of an enumerated item: its capital says nothing',
    examples: { fires: ['[Kestrel] is a parser.', 'and (2) [Frequency] is not reliable'], not: ['We use [Kestrel] here.', 'a gain of (2) [Kestrel] points'] },
  },
  {
    id: 'sig.our-known',
    kind: 'signal',
    effect: 'evidence',
    ownPrior: 'other',
    priorStrength: 2,
    test: (c) => c.known && /\bour\s+(?:(?:fine-?tuned|trained|pre-?trained|base|adapted|pruned|distilled)\s+)?$/i.test(c.before),
    reason: '"our Llama2-7b model": a known model under "our" is the copy the paper trained, its base, not its contribution',
    examples: { fires: ['For example, our [Llama2-7b] model with', 'our fine-tuned [BERT] reaches'], not: ['our [ZetaNet] model', 'the [Llama2-7b] model'] },
  },
  {
    id: 'sig.capital-mid-sentence',
    kind: 'signal',
    effect: 'evidence',
    test: (c) => !c.inTitle && /^\p{Lu}/u.test(c.surface) && !SENTENCE_OPENING.test(c.before),
    reason: 'capitalised in the middle of a body sentence ("the Muon optimizer"): the writer chose the capital',
    examples: { fires: ['with the [Muon] optimizer', 'a gain of (2) [Kestrel] points'], not: ['[Muon] is an optimizer.', 'the [muon] decays', 'three parts: (1) [Muon] eliminates'] },
  },
  {
    id: 'sig.lower-case',
    kind: 'signal',
    effect: 'evidence',
    test: (c) => /^[\p{Ll}\d\s-]+$/u.test(c.surface),
    reason: 'written in lower case ("refresh learning", "seq2attn"): a name only where a definition introduces it',
    examples: { fires: ['called [refresh learning] for', 'we present [seq2attn], a'], not: ['called [Refresh] for'] },
  },
  {
    id: 'sig.lexicon-lower-case',
    kind: 'signal',
    effect: 'evidence',
    test: (c) => c.listed && !/\p{Lu}/u.test(c.surface),
    reason: 'a listed name written in lower case ("stable diffusion"): the name, or the words it is made of',
    examples: { fires: ['images from pre-trained [stable diffusion] models'], not: ['images from [Stable Diffusion] models'] },
  },
  {
    id: 'sig.all-caps-word',
    kind: 'signal',
    effect: 'evidence',
    test: (c, { wordClass }) => c.tokens === 1 && isCapitalisedEnglishWord(c.surface, wordClass),
    reason: 'an English word in capitals ("BRIDGE", "PASS"): name-shaped but needs a cue',
    examples: { fires: ['the [BRIDGE] section', 'the [PASS] data'], not: ['the [BERT] section', 'the [KESTREL] model'] },
  },
  {
    id: 'sig.paper-variant',
    kind: 'signal',
    effect: 'evidence',
    test: (c, { text }) => {
      const m = VARIANT.exec(c.surface);
      return m !== null && writtenAlone(text, m[1]!);
    },
    reason: 'a named variant of a name the paper also writes alone ("TensorPoly-II" beside "TensorPoly", "FST-W" beside "FST")',
    examples: { fires: ['We propose Kestrel. [Kestrel-II] routes by order.', 'our framework (KST) and a wide one ([KST-W])'], not: ['We propose Kestrel. [Gull-II] routes by order.', 'We use [Kestrel-based] models.'] },
  },
  {
    id: 'sig.title-team',
    kind: 'signal',
    effect: 'evidence',
    prior: 'none',
    priorStrength: 3,
    test: (c, { text }) => !c.inTitle && titleTeam(text, c.surface),
    reason: 'the team of a shared-task title ("HHU at SemEval-2017 Task 2: …") named again in the abstract ("the HHU system that participated …"): a team, not an entity',
    examples: {
      fires: ['HHU at SemEval-2017 Task 2: Fast Embeddings\nThis paper describes the [HHU] system that participated in Task 2.'],
      not: ['HHU at Scale: Fast Embeddings\nThis paper describes the [HHU] system.', 'HHU at SemEval-2017 Task 2: Fast Embeddings\nWe compare with [HHUB] here.'],
    },
  },
];
