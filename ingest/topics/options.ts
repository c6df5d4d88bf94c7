// Topic stage options: one typed interface, one exported defaults object, one validate function.
import { OptionError } from '../errors.ts';

export interface TopicOptions {
  /** A phrase must occur in at least this many papers to be a topic (a reusable research topic, not a one-off). */
  minPapers: number;
  /** …and in at most this share of the papers: a phrase in more is the corpus's common ground ('model', 'task'). */
  maxShare: number;
  /**
   * Specificity: how much more alike the papers using a phrase are than random papers (mean pairwise cosine of
   * their word vectors, the phrase's own words left out, over the corpus mean). A topic must reach this lift…
   */
  minLift: number;
  /**
   * …and be among this share of the most specific phrases used by about as many papers (bands of powers of two:
   * a broad phrase's papers are never as alike as a narrow one's). 0.5: above its peers' median.
   */
  specificShare: number;
  /** A phrase this specific is a topic whatever its peers (a band of narrow phrases keeps them all). */
  sureLift: number;
  /** Pseudo-pairs at the corpus mean added to every phrase's pairwise mean, so a 3-paper phrase needs a clear signal. */
  liftPrior: number;
  /** Words per paper vector when measuring specificity (its highest tf-idf words). */
  contextWords: number;
  /**
   * A phrase that at least this share of its papers name as an entity ('Universal Dependencies') is that entity, not
   * a topic; a rare capitalised use ('Machine Translation' in one title) does not make 'machine translation' a name.
   */
  entityShare: number;
  /**
   * An '-ing' word followed by an object (a determiner, pronoun or name: 'using the', 'using BERT') in at least this
   * share of its uses, seen at least `verbUses` times, is a verb: phrases holding it are dropped ('hate speech using').
   * Nominal ones are rarely followed so ('parsing', 'question answering', 'language modeling').
   */
  verbShare: number;
  verbUses: number;
  /** A sub-phrase seen inside one longer phrase in at least this share of its papers is that phrase ('entity recognition' → 'named entity recognition'). */
  nestedShare: number;
  /**
   * A one-word phrase used at least this share of the time as a modifier of a following noun ('machine' in 'machine
   * translation', 'sentiment' in 'sentiment analysis') is a fragment of longer topics, not a topic of its own.
   */
  modifierShare: number;
  /** An acronym the corpus defines at least this many times, one long form holding `acronymShare` of them, is expanded everywhere. */
  acronymDefinitions: number;
  acronymShare: number;
  /** ABOUT links per paper: its most salient topics (tf-idf, sub-phrases of a chosen topic skipped). */
  topicsPerPaper: number;
  /** A topic is linked (ABOUT) only when at least this many papers choose it: one paper's topic joins nothing. */
  minLinks: number;
  /** Occurrences in the title count this many times. */
  titleWeight: number;
  /**
   * SIMILAR_TO: nearest neighbours kept per paper, by cosine over BM25 vectors of the content words of title and
   * abstract (the signal of a text map: it places papers the named graph is silent about, and it sees a research
   * area's vocabulary — 'patient', 'clinical', 'argument' — that no entity names).
   */
  neighbours: number;
  /** Neighbours below this cosine are not linked. */
  minSimilarity: number;
  /** A word is a similarity term only when at least this many papers use it (one paper's word links it to nobody)… */
  wordMinPapers: number;
  /** …and at most this share of the papers (the corpus's common ground: 'model', 'result'). */
  wordMaxShare: number;
  /** BM25 term-frequency saturation (k1) and length normalisation (b), the usual 1.2 and 0.75. */
  bm25K1: number;
  bm25B: number;
  /**
   * A paper's similarity vector keeps its this many heaviest terms (200: an abstract's words, all of them — on ACL
   * cutting to 100 words and probing less, 12 terms × 500 postings, lost ~0.03 NMI against the areas).
   */
  rowTerms: number;
  /** Candidate neighbours come through each paper's highest-weighted terms: this many terms per paper… */
  probeTerms: number;
  /** …each reading at most this many postings (the term's highest-weighted papers). */
  maxPostings: number;
}

export const TOPIC_DEFAULTS: TopicOptions = {
  minPapers: 3,
  maxShare: 0.25,
  minLift: 1.2,
  specificShare: 0.5,
  sureLift: 2,
  liftPrior: 20,
  contextWords: 32,
  entityShare: 0.5,
  verbShare: 0.15,
  verbUses: 10,
  nestedShare: 0.9,
  modifierShare: 0.85,
  acronymDefinitions: 2,
  acronymShare: 0.5,
  topicsPerPaper: 5,
  minLinks: 2,
  titleWeight: 2,
  neighbours: 15,
  minSimilarity: 0.05,
  wordMinPapers: 2,
  wordMaxShare: 0.5,
  bm25K1: 1.2,
  bm25B: 0.75,
  rowTerms: 200,
  probeTerms: 16,
  maxPostings: 1000,
};

export class TopicOptionsError extends OptionError<'invalid-topic-option'> {
  declare readonly field: keyof TopicOptions;
  constructor(field: keyof TopicOptions, expecting: string) {
    super('invalid-topic-option', 'topics', field, `expecting ${expecting}`);
  }
}

const positiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;
const share = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;

/** Merges `partial` over the defaults and checks every field; errors name the field. */
export function validateTopicOptions(partial: Partial<TopicOptions> = {}): TopicOptions {
  const o: TopicOptions = { ...TOPIC_DEFAULTS, ...partial };
  for (const f of ['minPapers', 'contextWords', 'acronymDefinitions', 'topicsPerPaper', 'minLinks', 'rowTerms', 'probeTerms', 'maxPostings', 'verbUses', 'wordMinPapers'] as const) {
    if (!positiveInt(o[f])) throw new TopicOptionsError(f, 'a positive integer');
  }
  if (!(Number.isInteger(o.neighbours) && o.neighbours >= 0)) throw new TopicOptionsError('neighbours', 'a non-negative integer');
  for (const f of ['maxShare', 'specificShare', 'entityShare', 'verbShare', 'nestedShare', 'modifierShare', 'acronymShare', 'minSimilarity', 'bm25B'] as const) {
    if (!share(o[f])) throw new TopicOptionsError(f, 'a number in [0, 1]');
  }
  for (const f of ['maxShare', 'wordMaxShare'] as const) {
    if (!(typeof o[f] === 'number' && o[f] > 0 && o[f] <= 1)) throw new TopicOptionsError(f, 'a number in (0, 1]');
  }
  for (const f of ['minLift', 'sureLift', 'liftPrior', 'titleWeight', 'bm25K1'] as const) {
    if (!(typeof o[f] === 'number' && o[f] >= 0 && Number.isFinite(o[f]))) throw new TopicOptionsError(f, 'a non-negative number');
  }
  return o;
}
