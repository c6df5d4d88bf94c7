// Sentence splitting and name-aware tokenisation with offsets into `title + "\n" + abstract`.

/** One sentence; `start`/`end` are offsets into the paper text (title + "\n" + abstract). */
export interface Sentence {
  index: number;
  start: number;
  end: number;
  text: string;
  /** The title is sentence 0 and is Title Case, so capitalisation means little there. */
  isTitle: boolean;
}

/** One token; offsets are absolute (into the paper text). */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Text between the previous token and this one ('' for the first token of a sentence). */
  gap: string;
}

/** `title + "\n" + abstract`: the string every Evidence offset points into. */
export function paperText(title: string, abstract: string): string {
  return `${title}\n${abstract}`;
}

// Words after which a period does not end a sentence: 'e.g.', 'et al.', 'Fig.'.
const NO_BREAK_BEFORE = /(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|Tab|No|approx|resp|incl|al|Dr|Mr|Ms|Prof|St|viz|w\.r\.t|a\.k\.a)\.|\b[A-Z]\.)$/;

/** Splits the paper text into sentences: the title, then the abstract on . ! ? and line breaks. */
export function splitSentences(title: string, abstract: string): Sentence[] {
  const out: Sentence[] = [{ index: 0, start: 0, end: title.length, text: title, isTitle: true }];
  const base = title.length + 1;
  // A boundary: sentence punctuation followed by whitespace and an opening character, or a newline.
  const boundary = /([.!?])(["')\]]?)\s+(?=["'(\[]?[A-Z0-9\\])|\n+/g;
  let from = 0;
  const push = (s: number, e: number): void => {
    while (s < e && /\s/.test(abstract[s]!)) s++;
    while (e > s && /\s/.test(abstract[e - 1]!)) e--;
    if (e > s) out.push({ index: out.length, start: base + s, end: base + e, text: abstract.slice(s, e), isTitle: false });
  };
  for (let m = boundary.exec(abstract); m; m = boundary.exec(abstract)) {
    if (m[1]) {
      const head = abstract.slice(Math.max(from, m.index - 12), m.index + 1);
      // '3.5 points' never reaches here (no space); 'e.g. BERT' and 'Fig. 2' must not split.
      if (NO_BREAK_BEFORE.test(head)) continue;
      const end = m.index + 1 + m[2]!.length;
      push(from, end);
      from = m.index + m[0].length;
    } else {
      push(from, m.index);
      from = m.index + m[0].length;
    }
  }
  push(from, abstract.length);
  return out;
}

// A token: letters/digits joined by - _ . / + & where a letter or digit follows ('Qwen2.5-7B',
// 'OpenIE4++', 'Bio+Clinical', 't-SNE', 'R&D'); trailing '+' kept ('C++').
const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}]|[-_.+&'’](?=[\p{L}\p{N}])|\u2010(?=[\p{L}\p{N}]))*\+*/gu;

// URLs and e-mail addresses ('https: //github.com/x/y', '\\url{…}', 'a@b.org'): never names.
const URL = /(?:https?\s*:\s*\/\/\s*|www\.)[^\s}]+|\b[\w.-]+\.(?:com|org|io|ai|net|edu|co|cn)\/[^\s}]*|[\w.+-]+@[\w-]+\.[\w.]+/g;

/** Tokenises one sentence; possessive "'s" is split off so 'M2-omni's' yields 'M2-omni'. */
export function tokenize(sentence: Sentence): Token[] {
  const out: Token[] = [];
  const text = sentence.text;
  const urls: [number, number][] = [];
  URL.lastIndex = 0;
  for (let u = URL.exec(text); u; u = URL.exec(text)) urls.push([u.index, u.index + u[0].length]);
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    let t = m[0];
    let end = m.index + t.length;
    const poss = /['’]s$/.exec(t);
    if (poss) {
      t = t.slice(0, -2);
      end -= 2;
    } else if (/['’]/.test(t)) {
      // "don't", "LLMs'" — keep the part before the apostrophe only when it is the interesting part.
      const cut = t.search(/['’]/);
      if (cut > 0) {
        t = t.slice(0, cut);
        end = m.index + cut;
      }
    }
    if (urls.length && urls.some(([a, b]) => m!.index < b && a < m!.index + m![0].length)) {
      last = m.index + m[0].length;
      continue;
    }
    out.push({ text: t, start: sentence.start + m.index, end: sentence.start + end, gap: text.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  return out;
}
