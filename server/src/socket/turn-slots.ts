/**
 * At most `limit` turns run at once; the others wait in arrival order (their messages are
 * already saved). Under more load than the process can carry, turns then finish one after
 * another instead of all slowing down together, and the memory held by running turns is bounded.
 */
export class TurnSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** `work` is told whether it waited for its slot. */
  async run<T>(work: (waited: boolean) => Promise<T>): Promise<T> {
    const waited = this.running >= this.limit;
    if (!waited) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work(waited);
    } finally {
      // The slot passes straight to the next turn in line.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Turns waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }
}
