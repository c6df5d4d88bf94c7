// LaTeX left in titles and abstracts (arXiv's Atom feed and the pages built from it carry the authors' source):
// accents, special letters, escaped characters and text-style commands become the text they print.
// "T\"ULU 3" → "TÜLU 3", "Schr\"{o}dinger" → "Schrödinger", "\textsc{FuseChat-7B}" → "FuseChat-7B", "73.8\%" → "73.8%".
// Math ($…$) and unknown commands ("\veomni", an author's own macro) are left as written.

/** Accent commands → Unicode combining marks (composed afterwards by NFC). */
const ACCENTS: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', k: '\u0328', r: '\u030A', d: '\u0323', b: '\u0331',
};
/** Letters written as commands ("\o", "\ss"). */
const LETTERS: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', i: 'ı', j: 'ȷ', textmu: 'µ',
};
/** Commands whose argument is printed as it is. */
const STYLE = /\\(?:textbf|textit|textsc|texttt|textrm|textsf|textnormal|emph|underline|mbox|url|textup|textsl)\{([^{}]*)\}/g;
/** A symbol accent on a letter, braced or not: \"{o}, \"o, \'{\i}. */
const SYMBOL_ACCENT = /\\(["'`^~=.])\s*(?:\{\s*\\?([A-Za-z])\s*\}|\\?([A-Za-z]))/g;
/** A letter accent, braced or after a space: \v{s}, \c c, \H{o}. */
const LETTER_ACCENT = /\\([uvHckrdb])(?:\{\s*\\?([A-Za-z])\s*\}|\s+([A-Za-z]))/g;
/** A letter command in braces or ended as TeX ends it (by `{}`, a space it takes, or a non-letter): {\o}, \ss{}, \L. */
const LETTER_NAMES = Object.keys(LETTERS).join('|');
const LETTER_COMMAND = new RegExp(`\\{\\\\(${LETTER_NAMES})\\}|\\\\(${LETTER_NAMES})(?![A-Za-z])(?:\\{\\}|\\s)?`, 'g');
/** Escaped characters: \% \& \_ \# \$. */
const ESCAPED = /\\([%&_#$])/g;

/** An accent command's letter and its combining mark (either accent pattern: the letter braced or bare). */
const accented = (_m: string, accent: string, braced?: string, bare?: string): string => (braced ?? bare)! + ACCENTS[accent]!;

/** The text a LaTeX-carrying title or abstract prints (unchanged when it holds no backslash). */
export function detex(s: string): string {
  if (!s.includes('\\')) return s;
  const out = s
    .replace(STYLE, '$1')
    .replace(SYMBOL_ACCENT, accented)
    .replace(LETTER_ACCENT, accented)
    .replace(LETTER_COMMAND, (_m, braced?: string, bare?: string) => LETTERS[(braced ?? bare)!]!)
    .replace(ESCAPED, '$1');
  return out.normalize('NFC');
}
