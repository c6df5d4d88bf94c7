// Canonical keys and families: the same entity in two papers gets the same key; variants point to a family.

/** "Shared Task N" of a series is its "Task N": 'SemEval-2019 Shared Task 6' is 'SemEval-2019 Task 6'. */
const SHARED_TASK_NUMBER = /\b[Ss]hared[\s\-_]+(?=[Tt]ask[\s\-_]*\d)/g;

/** The one spelling of a numbered shared task that keys read ('WNUT-2020 shared task 2' → 'WNUT-2020 task 2'). */
export function taskOfSeries(name: string): string {
  return /hared/.test(name) ? name.replace(SHARED_TASK_NUMBER, '') : name;
}

/**
 * Version-aware canonical key: lower-cased, separators unified, and none between letters and digits,
 * so 'GPT-4' = 'GPT4' = 'gpt 4' but 'GPT-4o' ≠ 'GPT-4'; 'ImageNet-1K' = 'ImageNet-1k'; 'Mixture of Denoisers' = 'Mixture-of-Denoisers'.
 */
export function canonicalKey(name: string): string {
  return taskOfSeries(name)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/[\s\-_\u2010-\u2015]+/g, '-')
    .replace(/(?<=\p{L})-(?=\p{N})|(?<=\p{N})-(?=\p{L})/gu, '')
    .replace(/^-+|-+$/g, '');
}

// Variant suffixes, stripped one at a time from the end: '-7B', '-Instruct', '-1M', '-mini', '-T'.
const VARIANT = /[-\s](?:\d+(?:\.\d+)?[BMK]|\d+[kK]|Instruct|Chat|Base|Turbo|mini|Mini|Nano|Lite|Pro|Plus|Max|Ultra|Large|Small|Medium|Tiny|Huge|Giant|XL|XXL|Coder|Math|VL|Vision|Preview|Flash|Sonnet|Opus|Haiku|Distill|Uncased|Cased|uncased|cased|[TSBLHG])$/;

/** Family key of a variant ('Qwen2.5-7B-Instruct-1M' → 'qwen2.5', 'ViT-Huge' → 'vit'), or undefined when `name` is a family itself. */
export function familyOf(name: string): string | undefined {
  let s = name.trim();
  let stripped = false;
  for (let m = VARIANT.exec(s); m && m.index > 0; m = VARIANT.exec(s)) {
    s = s.slice(0, m.index);
    stripped = true;
  }
  if (!stripped || s.length < 2) return undefined;
  return canonicalKey(s);
}
