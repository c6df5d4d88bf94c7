// Bounded caches of pure functions' answers for the per-paper pass: surfaces, words and feature names recur across
// papers. A key is stored as an owned copy (a slice of a paper's text kept as a key would keep the whole text alive),
// and at most `limit` keys are held, in two generations: when the newer one fills, the older is dropped, and a key
// asked for again is carried over. A long run's memory stays bounded, and the spellings in use stay remembered (the
// corpus is in date order: later papers' names are not the first 100,000 met).

/** A copy of `s` that does not hold on to the string it was cut from. */
function ownedCopy(s: string): string {
  return ` ${s}`.slice(1);
}

export class Memo<V> {
  /** Two generations of at most `limit / 2` keys each: when the newer fills, it becomes the older and the older goes. */
  private newer = new Map<string, V>();
  private older = new Map<string, V>();
  private readonly generation: number;

  constructor(limit = 100_000) {
    this.generation = Math.max(1, Math.floor(limit / 2));
  }

  get(key: string): V | undefined {
    const v = this.newer.get(key);
    if (v !== undefined) return v;
    const old = this.older.get(key);
    // a key still asked for is carried into the newer generation, so keys in use outlive the ones no longer met
    if (old !== undefined) this.store(key, old);
    return old;
  }

  /** Remembers `value` for `key`; returns `value`. */
  set(key: string, value: V): V {
    this.store(key, value);
    return value;
  }

  private store(key: string, value: V): void {
    if (this.newer.size >= this.generation) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(ownedCopy(key), value);
  }
}

type MemoTable<O, V> = { get(owner: O): Memo<V> | undefined; set(owner: O, memo: Memo<V>): unknown };

function memoPer<O, V>(memos: MemoTable<O, V>, limit: number): (owner: O) => Memo<V> {
  return (owner) => {
    let m = memos.get(owner);
    if (!m) memos.set(owner, (m = new Memo<V>(limit)));
    return m;
  };
}

/** One memo per object (a lexicon), made on first use and dropped with the object. */
export const memoPerObject = <V>(limit = 100_000): ((owner: object) => Memo<V>) => memoPer<object, V>(new WeakMap(), limit);

/** One memo per name (a feature prefix), made on first use. */
export const memoPerName = <V>(limit = 50_000): ((owner: string) => Memo<V>) => memoPer<string, V>(new Map(), limit);
