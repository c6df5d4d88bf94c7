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

let rhetorical: Set<string> | undefined;

/** Modifiers that make a phrase rhetoric rather than a topic ('extensive', 'proposed'): rhetorical-modifiers.txt. */
export function rhetoricalModifiers(): Set<string> {
  rhetorical ??= readWordList(readFileSync(join(TOPIC_DATA_DIR, 'rhetorical-modifiers.txt'), 'utf8'));
  return rhetorical;
}

/** The extractor's entity lexicons, read as data (never its code): names of methods, datasets, benchmarks, metrics. */
const ENTITY_LEXICONS = ['methods.txt', 'datasets.txt', 'benchmarks.txt', 'metrics.txt'];

let lexiconNameList: string[] | undefined;

/** Every name and alias in the entity lexicons ('MS COCO | COCO' gives both), as written. */
export function lexiconNames(): string[] {
  if (!lexiconNameList) {
    lexiconNameList = [];
    for (const file of ENTITY_LEXICONS) {
      for (const raw of readFileSync(join(LEXICON_DIR, file), 'utf8').split('\n')) {
        const line = raw.replace(/#.*$/, '').trim();
        if (!line) continue;
        for (const name of line.split('|')) if (name.trim()) lexiconNameList.push(name.trim());
      }
    }
  }
  return lexiconNameList;
}
