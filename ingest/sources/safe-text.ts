// Text from input files shown on a terminal: control characters escaped so a file cannot move the cursor,
// recolour the screen or reorder what follows (ANSI escapes, C1 controls, Unicode bidi overrides).

// C0 controls but tab/newline, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const CONTROLS_AND_LAYOUT = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const escape = (c: string): string => {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};

/**
 * Escapes control characters as `\xNN` / `\uNNNN`: 'a\x1b[31mb' → 'a\\x1b[31mb'. Tabs and newlines
 * are escaped too unless `keepLayout` (multi-line output such as `extract --explain`).
 */
export function escapeControls(text: string, keepLayout = false): string {
  const re = keepLayout ? CONTROLS : CONTROLS_AND_LAYOUT;
  re.lastIndex = 0;
  return re.test(text) ? text.replace(re, escape) : text;
}
