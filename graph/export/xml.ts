// XML text escaping shared by the GraphML and GEXF writers: entities escaped, characters XML 1.0 forbids dropped.

// Control characters other than tab/newline/CR, lone surrogates and U+FFFE/U+FFFF are not XML 1.0 characters.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops the characters XML 1.0 cannot hold at all (for writers that escape entities themselves). */
export function xmlSafe(text: string): string {
  return text.replace(INVALID_XML, '');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };
const SPECIAL = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
/** SPECIAL plus the newline and tab an attribute value escapes too. */
const SPECIAL_ATTR = /[&<>"\r\n\t\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ESCAPED = /[&<>"\r]/g;
const ESCAPED_ATTR = /[&<>"\r\n\t]/g;
const entity = (c: string): string => ENTITIES[c]!;

/** Escapes text for element content and double-quoted attributes: 'a < b & "c"' → 'a &lt; b &amp; &quot;c&quot;'. */
export function xmlEscape(text: string): string {
  // Most labels and titles need nothing: test once instead of running every replacement.
  if (!SPECIAL.test(text)) return text;
  return xmlSafe(text).replace(ESCAPED, entity);
}

/**
 * Escapes text for a double-quoted attribute value, keeping newlines and tabs (a parser turns raw ones
 * into spaces): 'two\nlines' → 'two&#10;lines'.
 */
export function xmlAttr(text: string): string {
  if (!SPECIAL_ATTR.test(text)) return text;
  return xmlSafe(text).replace(ESCAPED_ATTR, entity);
}
