/**
 * Stops calling a failing provider for a while: after `threshold` failures in a row the circuit
 * opens for `coolDownMs`; then one trial call is let through (half-open), and a success closes it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;

  constructor(
    private readonly threshold = 3,
    private readonly coolDownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half_open' {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.coolDownMs ? 'half_open' : 'open';
  }

  canCall(): boolean {
    return this.state !== 'open';
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
  }

  failure(): void {
    this.failures += 1;
    if (this.state === 'half_open' || this.failures >= this.threshold) this.openedAt = this.now();
  }
}
