// XML text escaping shared by the GraphML and GEXF writers: entities escaped, characters XML 1.0 forbids dropped.

// Control characters other than tab/newline/CR, lone surrogates and U+FFFE/U+FFFF are not XML 1.0 characters.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops the characters XML 1.0 cannot hold at all (for writers that escape entities themselves). */
export function xmlSafe(text: string): string {
  return text.replace(INVALID_XML, '');
}

/** Escapes text for element content and double-quoted attributes: 'a < b & "c"' → 'a &lt; b &amp; &quot;c&quot;'. */
export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;');
}

/**
 * Escapes text for a double-quoted attribute value, keeping newlines and tabs (a parser turns raw ones
 * into spaces): 'two\nlines' → 'two&#10;lines'.
 */
export function xmlAttr(text: string): string {
  return xmlEscape(text).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
