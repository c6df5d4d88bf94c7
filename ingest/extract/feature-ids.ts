// Feature names as small integers, one table per thread: the per-paper pass builds an entity's feature set and scores
// it by id (a mark per id instead of a hashed set, an array from id to weight rank), and spells the names out only where
// they are kept (training, --explain). The names stay the stable strings the model files hold.

/** Feature name ↔ id; ids are dense (0, 1, 2 …) and never change once made. */
export class FeatureTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** The id of `name`, made on its first use. The names a lexicon and the rules can give are a bounded set. */
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  name(id: number): string {
    return this.names[id]!;
  }

  /** Number of ids made so far (every id is below it). */
  get size(): number {
    return this.names.length;
  }
}

/** The table every feature of this thread is named in. */
export const FEATURES = new FeatureTable();
