// Pass 40 — aliases: acronym definitions and "also known as" statements join surface forms into one entity.

/**
 * Text between two names that makes the second an alias of the first:
 * 'xGen-MM (also known as BLIP-3)', 'xGen-MM, short for xGen-MultiModal'.
 */
export const ALIAS_BETWEEN: { id: string; pattern: RegExp; reason: string }[] = [
  { id: 'alias.aka', pattern: /^\s*[(,]?\s*(?:also\s+known\s+as|a\.k\.a\.?|aka|short\s+for|abbreviated\s+(?:as|to)|hereafter|henceforth)\s+["“']?$/i, reason: '"X (also known as Y)"' },
  { id: 'alias.paren-name', pattern: /^\s*["”’']?\s*\(\s*$/, reason: '"X (Y)" with two names' },
];

/** Parenthesised short forms considered for an acronym definition: '(MoD)', '(PEFT)', '(LLMs)', '(BLIP-3)'. */
export const PAREN_SHORT = /\(\s*([A-Za-z][\w.+&-]{0,14}?)\s*(?:[;,][^()]{0,40})?\)/g;

/** Leading words never part of a long form: 'the Mixture-of-Denoisers (MoD)' → 'Mixture-of-Denoisers'. */
export const LONG_FORM_TRIM = /^(?:the|a|an|our|this|these|their|its|we|propose|introduce|present|called|named|dubbed|termed|novel|new|proposed|and|or|of|by|with|using|via)\s+/i;
