// Union–find (disjoint sets) over the indices 0 … n−1, with path halving and union by size: the extractor groups one
// paper's candidate mentions with it, the topics stage finds the groups of papers its links leave apart. A root is
// only a set's name: callers group by it and never read meaning into which index it is.
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.size = new Int32Array(n).fill(1);
  }

  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }

  union(a: number, b: number): void {
    let x = this.find(a);
    let y = this.find(b);
    if (x === y) return;
    if (this.size[x]! < this.size[y]! || (this.size[x] === this.size[y] && y < x)) [x, y] = [y, x];
    this.parent[y] = x;
    this.size[x] = this.size[x]! + this.size[y]!;
  }

  /** Number of indices in the set of `i`. */
  sizeOf(i: number): number {
    return this.size[this.find(i)]!;
  }
}
