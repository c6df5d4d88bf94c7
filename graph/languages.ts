// The English name of a paper's language code, for labels (graph/communities/summarise.ts) and the viewer's paper
// panel alike. ICU's names (`Intl.DisplayNames`, in Node and every browser): no name list of our own to keep.

let names: Intl.DisplayNames | undefined;

/**
 * 'fra' → 'French', 'cmn' → 'Chinese' (ISO 639-3 codes, as ingest/language.ts writes them); undefined for 'und' (not
 * English, language unnamed) and for a code ICU has no name for.
 */
export function languageName(code: string): string | undefined {
  if (code === 'und') return undefined;
  names ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  let name: string | undefined;
  try {
    name = names.of(code);
  } catch {
    return undefined; // not a well-formed code
  }
  return name === undefined || name === code ? undefined : name;
}
