/** A growable sorted list of ordinals (appended in increasing order). */
export class Postings {
  items = new Uint32Array(4);
  size = 0;

  static of(items: Uint32Array<ArrayBuffer>): Postings {
    const list = new Postings();
    list.items = items;
    list.size = items.length;
    return list;
  }

  push(ordinal: number): void {
    if (this.size === this.items.length) {
      const grown = new Uint32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.size++] = ordinal;
  }

  /** Index of the first item ≥ ordinal. */
  lowerBound(ordinal: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[mid] ?? 0) < ordinal) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  has(ordinal: number): boolean {
    const i = this.lowerBound(ordinal);
    return i < this.size && this.items[i] === ordinal;
  }

  /** The same list with every ordinal renamed (then sorted again). */
  remap(rename: Uint32Array): void {
    const next = this.items.subarray(0, this.size).map((o) => rename[o] ?? 0);
    next.sort();
    this.items = next;
  }
}
