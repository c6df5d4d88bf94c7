// Records that cross the ingest boundary: what sources yield and what extraction produces.
// Defined once here; every later stage (graph, sinks, viewer) imports them from this file.

/** Input formats a source reader understands (auto-detected, or forced with `--format`). */
export type SourceFormat = 'hf-page' | 'jsonl' | 'json' | 'hf-api' | 'arxiv' | 'csv';

/** Where one record came from: file path as given and 1-based line of the record's first line. */
export interface Provenance {
  file: string;
  line: number;
  format: SourceFormat;
  /** The record's own id when it differs from the paper's (a duplicate merged by title). */
  id?: string;
}

/** A paper as it leaves the sources stage: normalised, identified, deduplicated. */
export interface Paper {
  /** Stable id: given id, else `arxiv:<id>`, else `t:<hash of normalised title>`. */
  id: string;
  title: string;
  abstract: string;
  /** ISO-like date as found: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or `--MM-DD` when the year is unknown (HF page date lines); absent when unknown. */
  date?: string;
  authors: string[];
  url?: string;
  /** Every input position this paper was read from (more than one when duplicates merged). */
  sources: Provenance[];
}

/** Why a record was not accepted. Stable codes: tests and reports key on these, never on text. */
export type RejectCode =
  | 'missing-title'
  | 'missing-abstract'
  | 'invalid-json'
  | 'invalid-record'
  | 'invalid-utf8'
  | 'line-too-long'
  | 'binary-file'
  | 'empty-file'
  | 'missing-file'
  | 'is-directory'
  | 'special-file'
  | 'symlink-loop'
  | 'unreadable-file'
  | 'invalid-xml'
  | 'invalid-csv'
  | 'unknown-format';

export interface Rejection {
  code: RejectCode;
  file: string;
  /** 1-based line of the offending record; 0 when the whole file is concerned. */
  line: number;
  message: string;
}

/** Counts for one read: `read = accepted + rejected + duplicates` always holds. */
export interface ReadStats {
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  byCode: Partial<Record<RejectCode, number>>;
  /** The first rejections, in reading order (at most `ReadOptions.keepRejections`; the rest are only counted). */
  rejections: Rejection[];
}

export type EntityType = 'method' | 'dataset' | 'benchmark';
export const ENTITY_TYPES: readonly EntityType[] = ['method', 'dataset', 'benchmark'];
/** Whether a node or record type is an entity type (not a paper, topic, repository, author …). */
export const isEntityType = (type: string): type is EntityType => (ENTITY_TYPES as readonly string[]).includes(type);

/**
 * How a paper relates to an entity. Becomes the Paper→entity relationship type.
 * PROPOSES: the paper's own method; INTRODUCES: the paper's own dataset/benchmark;
 * EVALUATES_ON: evaluated on a benchmark/dataset; USES: builds on / trains on / compares with;
 * MENTIONS: named without a clearer cue.
 */
export type Role = 'PROPOSES' | 'INTRODUCES' | 'USES' | 'EVALUATES_ON' | 'MENTIONS';
export const ROLES: readonly Role[] = ['PROPOSES', 'INTRODUCES', 'EVALUATES_ON', 'USES', 'MENTIONS'];

/** Why an entity was extracted: the rule and the sentence it fired on (offsets into title + "\n" + abstract). */
export interface Evidence {
  rule: string;
  reason: string;
  sentence: string;
  start: number;
  end: number;
}

/** A reported number: "achieves 72.2 on MMMU" → { benchmark key of MMMU, metric?, value: 72.2 }. */
export interface Result {
  /** Canonical key of the benchmark/dataset entity the number was reported on. */
  target: string;
  metric?: string;
  value: number;
  /** The text the number was read from, verbatim. */
  text: string;
}

/** One entity as found in one paper. */
export interface PaperEntity {
  /** Canonical key shared across papers: the same entity in two papers has the same key. */
  key: string;
  /** Display name (most informative surface form). */
  name: string;
  type: EntityType;
  /** Every surface form seen in this paper, verbatim, `name` included. */
  aliases: string[];
  role: Role;
  evidence: Evidence[];
  /** Results this paper reports for this entity (when the entity is a method) or on it. */
  results?: Result[];
  /** Key of the family this entity is a variant of ("qwen2.5-7b-instruct-1m" → "qwen2.5"). */
  family?: string;
  /** The scorer's probability that this is a named method, dataset or benchmark (0–1, three decimals). */
  score?: number;
}

/** Extraction output for one paper. */
export interface Extraction {
  paperId: string;
  entities: PaperEntity[];
  /** Code links found in the abstract (GitHub, GitLab, Hugging Face …), normalised URLs. */
  repositories: string[];
  /**
   * The abstract's language when it is not English: an ISO 639-3 code ('fra', 'cmn'; 'und' when it is not English but
   * no language could be named). ingest/language.ts decides; the topics stage makes no topics of its words.
   */
  language?: string;
}

/** A candidate the extractor considered and dropped, with why (prune stage reports these). */
export interface Pruned {
  paperId: string;
  surface: string;
  reason: string;
  /** The scorer's probability that it was a named entity, when the scorer dropped it. */
  score?: number;
}

/** A research topic as found in one paper: a noun phrase the corpus statistics kept ('neural machine translation'). */
export interface PaperTopic {
  /** Normal form shared across papers: lower case, hyphens as spaces, head singular, acronyms expanded. */
  key: string;
  /** Display form, hyphens as first written ('low-resource language'). */
  name: string;
  /** Occurrences in this paper (title and abstract; an expanded acronym counts as its long form). */
  count: number;
  /** Salience in this paper: tf-idf, title occurrences weighted up. */
  weight: number;
  inTitle: boolean;
}

/** Topic stage output for one paper: its most salient topics (the ABOUT links). */
export interface TopicExtraction {
  paperId: string;
  topics: PaperTopic[];
}

/** A topic over the whole corpus. */
export interface Topic {
  key: string;
  name: string;
  /** Papers using the phrase (document frequency). */
  papers: number;
  /** Specificity: how much more alike its papers are than random papers (1 = no more alike). */
  lift: number;
  /** Acronyms the corpus defines for it ('NMT'). */
  acronyms?: string[];
}

/** Why a candidate phrase is not a topic. Stable codes: reports and tests key on these. */
export type TopicPruneReason = 'too-rare' | 'too-common' | 'entity-name' | 'event-name' | 'verb-phrase' | 'nested' | 'modifier' | 'unspecific';

/** Candidates dropped for one reason: how many, and the most frequent few (so a report can say why). */
export interface TopicPruned {
  reason: TopicPruneReason;
  phrases: number;
  examples: { key: string; papers: number }[];
}

/** Why a paper gave no topic candidates at all (it still gets neighbours from its words). */
export type TopicSkipReason = 'not-english' | 'no-phrase';

/**
 * Paper–paper text similarity: each unordered pair once, as parallel columns of indices into the papers array the
 * stage was given (typed columns: a 59k-paper corpus has hundreds of thousands of pairs).
 */
export interface SimilarityEdges {
  source: Int32Array;
  target: Int32Array;
  /** Cosine similarity in (0, 1]. */
  score: Float64Array;
}
