/** A binary min-heap of items by a key fixed while they are in it. */
export class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: T, key: number): void {
    let at = this.items.length;
    this.items.push(item);
    this.keys.push(key);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const parentKey = this.keys[parent] ?? 0;
      if (parentKey <= key) break;
      this.move(parent, at);
      at = parent;
    }
    this.items[at] = item;
    this.keys[at] = key;
  }

  pop(): T | undefined {
    const top = this.items[0];
    const lastItem = this.items.pop();
    const lastKey = this.keys.pop();
    if (top === undefined || lastItem === undefined || lastKey === undefined) return undefined;
    const size = this.items.length;
    if (size === 0) return top;
    let at = 0;
    for (;;) {
      const left = at * 2 + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && (this.keys[right] ?? 0) < (this.keys[left] ?? 0) ? right : left;
      if ((this.keys[child] ?? 0) >= lastKey) break;
      this.move(child, at);
      at = child;
    }
    this.items[at] = lastItem;
    this.keys[at] = lastKey;
    return top;
  }

  private move(from: number, to: number): void {
    const item = this.items[from];
    const key = this.keys[from];
    if (item === undefined || key === undefined) return;
    this.items[to] = item;
    this.keys[to] = key;
  }
}
