// Pass 95 — corpus statistics (ingest/lexicons/corpus-stats.tsv, built by `npm run build:corpus-stats` from the ACL
// Anthology abstracts and the bundled pages): how often a surface form is written as a name across ~60k papers,
// how often in lower case, what words follow it. It tells a field written lower-case in most papers ("named entity
// recognition") from a resource that is always a name ("WordNet"). Ranges are buckets; the scorer weighs each.
import type { CorpusRule } from './types.ts';

const rule = (id: string, stat: CorpusRule['stat'], min: number, max: number, reason: string, fires: string[], not: string[], extra: Partial<CorpusRule> = {}): CorpusRule => ({
  id, kind: 'corpus', effect: 'evidence', stat, min, max, reason, examples: { fires, not }, ...extra,
});

export const CORPUS_RULES: CorpusRule[] = [
  rule('corpus.df-none', 'df', 0, 1, 'never seen as a name in the reference corpus', ['Kestrelformer'], ['BERT']),
  rule('corpus.df-rare', 'df', 1, 3, 'seen as a name in 1–2 papers of the reference corpus', [], ['BERT']),
  rule('corpus.df-some', 'df', 3, 20, 'seen as a name in 3–19 papers', [], ['BERT', 'Kestrelformer']),
  rule('corpus.df-common', 'df', 20, 200, 'seen as a name in 20–199 papers', [], ['Kestrelformer']),
  rule('corpus.df-frequent', 'df', 200, Infinity, 'seen as a name in 200 papers or more', ['BERT', 'WordNet'], ['Kestrelformer']),
  rule('corpus.lower-mostly', 'lowerShare', 0.5, Infinity, 'written in lower case in most papers that use it: a common phrase', ['Named Entity Recognition', 'Machine Translation', 'Smart'], ['WordNet', 'BERT', 'SMART'], { minDocs: 3 }),
  rule('corpus.lower-often', 'lowerShare', 0.1, 0.5, 'written in lower case in 10–50 % of the papers that use it', ['WordNet'], ['BERT'], { minDocs: 3 }),
  rule('corpus.lower-never', 'lowerShare', 0, 0.02, 'never written in lower case (in at least 5 papers): always a name', ['BERT', 'SVM'], ['Machine Translation'], { minDocs: 5 }),
  rule('corpus.title-prefix', 'titleShare', 0.2, Infinity, 'a title prefix ("X: …") in a fifth of its papers or more', [], ['Machine Translation'], { minDocs: 3 }),
  rule('corpus.defined', 'defShare', 0.1, Infinity, 'introduced by a definition or acronym in a tenth of its papers or more', ['Machine Translation'], ['BERT'], { minDocs: 3 }),
  rule('corpus.head-data', 'headShare', 0.25, Infinity, 'often followed by "dataset", "corpus", "benchmark" …', ['Penn Treebank', 'SQuAD'], ['BERT'], { head: 'data', minDocs: 3 }),
  rule('corpus.head-method', 'headShare', 0.25, Infinity, 'often followed by "model", "system", "toolkit" …', ['BERT'], ['SQuAD'], { head: 'method', minDocs: 3 }),
  rule('corpus.head-task', 'headShare', 0.25, Infinity, 'often followed by "task", "detection", "translation" …', [], ['BERT'], { head: 'task', minDocs: 3 }),
];
