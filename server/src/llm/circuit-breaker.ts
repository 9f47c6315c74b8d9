/**
 * Stops calling a failing provider for a while: after `threshold` failures in a row the circuit
 * opens for `coolDownMs` (or for the provider's Retry-After, never longer than `coolDownMs`: one
 * 429 asking for an hour must not switch the assistant's LLM off for an hour); then one
 * trial call is let through (half-open), and a success closes it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private openFor: number;

  constructor(
    private readonly threshold = 3,
    private readonly coolDownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {
    this.openFor = coolDownMs;
  }

  get state(): 'closed' | 'open' | 'half_open' {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.openFor ? 'half_open' : 'open';
  }

  canCall(): boolean {
    return this.state !== 'open';
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
  }

  /** A provider that said "retry after N ms" (429/503) is left alone that long, up to the cooldown. */
  failure(retryAfterMs?: number): void {
    this.failures += 1;
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.openedAt = this.now();
      this.openFor = Math.min(this.coolDownMs, retryAfterMs);
      return;
    }
    if (this.state === 'half_open' || this.failures >= this.threshold) {
      this.openedAt = this.now();
      this.openFor = this.coolDownMs;
    }
  }
}
