// Bounded caches of pure functions' answers for the per-paper pass: surfaces, words and feature names recur across
// papers. A key is stored as an owned copy (a slice of a paper's text kept as a key would keep the whole text alive),
// and past `limit` keys answers are still computed but no longer stored, so a long run's memory stays bounded.

/** A copy of `s` that does not hold on to the string it was cut from. */
function ownedCopy(s: string): string {
  return ` ${s}`.slice(1);
}

export class Memo<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit = 100_000) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** Remembers `value` for `key` while there is room; returns `value`. */
  set(key: string, value: V): V {
    if (this.map.size < this.limit) this.map.set(ownedCopy(key), value);
    return value;
  }
}

type MemoTable<O, V> = { get(owner: O): Memo<V> | undefined; set(owner: O, memo: Memo<V>): unknown };

function memoPer<O, V>(memos: MemoTable<O, V>, limit: number): (owner: O) => Memo<V> {
  // one owner (the lexicon) is asked for again and again: its memo is kept at hand, without a table look-up (so the
  // last owner asked for stays reachable until another one is)
  let lastOwner: O | undefined;
  let lastMemo: Memo<V> | undefined;
  return (owner) => {
    if (owner === lastOwner && lastMemo) return lastMemo;
    let m = memos.get(owner);
    if (!m) memos.set(owner, (m = new Memo<V>(limit)));
    lastOwner = owner;
    lastMemo = m;
    return m;
  };
}

/** One memo per object (a lexicon), made on first use and dropped with the object (once another one has been asked for). */
export const memoPerObject = <V>(limit = 100_000): ((owner: object) => Memo<V>) => memoPer<object, V>(new WeakMap(), limit);

/** One memo per name (a feature prefix), made on first use. */
export const memoPerName = <V>(limit = 50_000): ((owner: string) => Memo<V>) => memoPer<string, V>(new Map(), limit);
