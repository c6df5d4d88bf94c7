// Agreement between communities and outside research areas, for `npm run bench:areas`: the venue → area table
// (test/bench/venue-areas.txt), NMI and purity. Pure functions, unit-tested in test/communities.test.ts.

export class VenueAreasError extends Error {
  readonly code = 'invalid-venue-areas';
}

/** Parses `area: venue venue … | reason` lines (# comments, blank lines ignored). A venue may name one area only. */
export function parseVenueAreas(text: string, file = 'venue-areas.txt'): Map<string, string> {
  const areas = new Map<string, string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const m = /^([^:|]+):([^|]+)\|\s*\S/.exec(line);
    if (!m) throw new VenueAreasError(`${file}:${i + 1}: expected "area: venue … | reason"`);
    const area = m[1]!.trim();
    for (const venue of m[2]!.trim().split(/\s+/)) {
      const prev = areas.get(venue);
      if (prev !== undefined && prev !== area) throw new VenueAreasError(`${file}:${i + 1}: venue "${venue}" is already in area "${prev}"`);
      areas.set(venue, area);
    }
  });
  return areas;
}

/** The one area a paper's venues name, or null when they name none or several. */
export function areaOf(categories: readonly string[], areas: ReadonlyMap<string, string>): string | null {
  let found: string | null = null;
  for (const venue of categories) {
    const area = areas.get(venue);
    if (area === undefined || area === found) continue;
    if (found !== null) return null;
    found = area;
  }
  return found;
}

function entropy(counts: Iterable<number>, n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/** Dense ids 0..k-1 for a labelling, in order of first appearance. */
function dense(labels: readonly (string | number)[]): { ids: Int32Array; k: number } {
  const map = new Map<string | number, number>();
  const ids = Int32Array.from(labels, (l) => {
    let id = map.get(l);
    if (id === undefined) map.set(l, (id = map.size));
    return id;
  });
  return { ids, k: map.size };
}

/**
 * Normalised mutual information of two labellings of the same items, arithmetic normalisation
 * (I / ((H(U) + H(V)) / 2), scikit-learn's default). 1 when both are a single group.
 */
export function nmi(truth: readonly (string | number)[], found: readonly (string | number)[]): number {
  const n = truth.length;
  if (n !== found.length) throw new Error('nmi: labellings differ in length');
  if (n === 0) return 0;
  const a = dense(truth);
  const b = dense(found);
  const ca = new Float64Array(a.k);
  const cb = new Float64Array(b.k);
  const joint = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    ca[a.ids[i]!]!++;
    cb[b.ids[i]!]!++;
    const k = a.ids[i]! * b.k + b.ids[i]!;
    joint.set(k, (joint.get(k) ?? 0) + 1);
  }
  const ha = entropy(ca, n);
  const hb = entropy(cb, n);
  if (ha === 0 && hb === 0) return 1;
  let mi = 0;
  for (const [k, c] of joint) mi += (c / n) * Math.log((c * n) / (ca[Math.floor(k / b.k)]! * cb[k % b.k]!));
  return mi / ((ha + hb) / 2);
}

/** Purity: Σ over groups of the largest truth class in the group, over the items counted. */
export function purity(truth: readonly (string | number)[], found: readonly (string | number)[]): number {
  const groups = new Map<string | number, Map<string | number, number>>();
  for (let i = 0; i < truth.length; i++) {
    let m = groups.get(found[i]!);
    if (!m) groups.set(found[i]!, (m = new Map()));
    m.set(truth[i]!, (m.get(truth[i]!) ?? 0) + 1);
  }
  let agree = 0;
  for (const m of groups.values()) agree += Math.max(...m.values());
  return truth.length > 0 ? agree / truth.length : 0;
}
