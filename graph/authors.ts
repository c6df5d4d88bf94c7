// Who an author string names: the node key of the Author a paper's `authors` entry links to. Pure, so the graph
// build and the viewer (which turns a name in a paper's panel into its Author node) agree on it.

/** Node keys of authors start with this, so an author never meets a paper id, entity or topic key. */
export const AUTHOR_PREFIX = 'author:';

/**
 * The normal form of a person's name: Unicode compatibility form, accents and case dropped, every run of
 * punctuation or space one space ('Lluís Màrquez', 'Lluis  Marquez' and 'lluis marquez' are one person;
 * 'Jean-Pierre' and 'Jean Pierre' too). '' for a name with no letter or digit.
 */
export function authorKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The Author node key of a name as a paper lists it, or undefined when the name holds no letter or digit. */
export function authorNodeKey(name: string): string | undefined {
  const key = authorKey(name);
  return key ? `${AUTHOR_PREFIX}${key}` : undefined;
}
