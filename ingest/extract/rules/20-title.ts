// Pass 20 — title prefixes: "UL2: Unifying …", "REF-VLM: …" name the paper's own method, dataset or benchmark.

/** The prefix before the first ': ' (or ':' glued to a capital, 'LEGO:Language …') of a title. */
export const TITLE_PREFIX = /^\s*([^:]{1,60}?)\s*:\s*(?=\S)/;

/** Prefixes that are genre labels, not names ('Survey: …', 'Position: …'). Lower-cased. */
export const TITLE_PREFIX_STOP: string[] = [
  'survey', 'a survey', 'review', 'a review', 'position', 'tutorial', 'editorial', 'perspective', 'opinion',
  'technical report', 'report', 'erratum', 'correction', 'commentary', 'abstract', 'preface', 'keynote',
  'invited talk', 'demo', 'poster', 'case study', 'research', 'challenges', 'overview', 'introduction',
];

/**
 * Type of the title-prefix entity from the words of the rest of the title, first match wins.
 * 'RS-GPT4V: A Unified … Dataset for …' → dataset; 'MMMU: A Massive … Benchmark' → benchmark.
 */
export const TITLE_TYPE_CUES: { id: string; pattern: RegExp; type: 'dataset' | 'benchmark'; reason: string }[] = [
  { id: 'title.benchmark', pattern: /\b(?:benchmark(?:ing)?|leaderboard|test suite|evaluation suite|arena)\b/i, type: 'benchmark', reason: 'title presents a benchmark' },
  { id: 'title.dataset', pattern: /\b(?:dataset|data set|corpus|treebank|collection of)\b/i, type: 'dataset', reason: 'title presents a dataset' },
];

/** Most words a multi-word prefix may have ('One More Step', 'Deep Model Assembling'). */
export const TITLE_PREFIX_MAX_WORDS = 5;
