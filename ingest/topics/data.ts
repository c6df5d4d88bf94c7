// Word lists of the topic stage, read once from ingest/topics/data/*.txt (data, each with its source and reason).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEXICON_DIR, REPO_ROOT } from '../paths.ts';

/** Where the topic stage's word lists live. */
export const TOPIC_DATA_DIR = join(REPO_ROOT, 'ingest', 'topics', 'data');

/** One entry per line, lower-cased; '#' starts a comment, blank lines are skipped. */
export function readWordList(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim().toLowerCase();
    if (line) out.add(line);
  }
  return out;
}

const lists = new Map<string, Set<string>>();
/** One word list of `TOPIC_DATA_DIR`, read once per process. */
function dataList(file: string): Set<string> {
  let list = lists.get(file);
  if (list === undefined) lists.set(file, (list = readWordList(readFileSync(join(TOPIC_DATA_DIR, file), 'utf8'))));
  return list;
}

/** Head nouns of event names ('annual meeting', 'shared task', 'workshop'): event-heads.txt. */
export function eventHeads(): Set<string> {
  return dataList('event-heads.txt');
}

/** Modifiers that make a phrase rhetoric rather than a topic ('extensive', 'proposed'): rhetorical-modifiers.txt. */
export function rhetoricalModifiers(): Set<string> {
  return dataList('rhetorical-modifiers.txt');
}

/** Nouns that quantify or sit in complex prepositions ('a lot of', 'on par with'): quantifier-nouns.txt. */
export function quantifierNouns(): Set<string> {
  return dataList('quantifier-nouns.txt');
}

/** Participles that work as prepositions ('depending on', 'according to', 'regarding'): marginal-prepositions.txt. */
export function marginalPrepositions(): Set<string> {
  return dataList('marginal-prepositions.txt');
}

/** The extractor's entity lexicons, read as data (never its code): names of methods, datasets, benchmarks, metrics. */
const ENTITY_LEXICONS = ['methods.txt', 'datasets.txt', 'benchmarks.txt', 'metrics.txt'];
/** …and its lexicons of events: conferences, journals, workshops (venues.txt) and shared-task series (shared-tasks.txt). */
const EVENT_LEXICONS = ['venues.txt', 'shared-tasks.txt'];

/** Every name and alias in some extractor lexicons ('MS COCO | COCO' gives both), as written. */
function readLexicons(files: readonly string[]): string[] {
  const names: string[] = [];
  for (const file of files) {
    for (const raw of readFileSync(join(LEXICON_DIR, file), 'utf8').split('\n')) {
      // a tab starts a file's second column (shared-tasks.txt: the kind of series)
      const line = raw.replace(/#.*$/, '').split('\t')[0]!.trim();
      if (!line) continue;
      for (const name of line.split('|')) if (name.trim()) names.push(name.trim());
    }
  }
  return names;
}

let lexiconNameList: string[] | undefined;
let eventNameList: string[] | undefined;

/** Every name and alias in the entity lexicons, as written. */
export function lexiconNames(): string[] {
  lexiconNameList ??= readLexicons(ENTITY_LEXICONS);
  return lexiconNameList;
}

/**
 * Names of venues and shared-task series as written ('DravidianLangTech', 'SemEval', 'MT Summit'): the guidelines
 * say venues are not entities, and an event is not a research topic either.
 */
export function eventNames(): string[] {
  eventNameList ??= readLexicons(EVENT_LEXICONS);
  return eventNameList;
}
