import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../server/src/llm/circuit-breaker.js';
import { captureLogger } from '../support/capture-logger.js';

describe('what a provider can do to the server', () => {
  it('when a provider asks to retry after an hour, then the circuit opens no longer than the configured cooldown', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 30_000, () => now);
    breaker.failure(3_600_000);
    expect(breaker.state).toBe('open');
    now = 29_999;
    expect(breaker.state).toBe('open');
    now = 30_000;
    expect(breaker.state).toBe('half_open');
  });

  it('when a provider asks for a pause shorter than the cooldown, then only that pause is kept', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 30_000, () => now);
    breaker.failure(2_000);
    now = 2_000;
    expect(breaker.canCall()).toBe(true);
  });

  it('when an error carries control bytes and a huge body, then the log line has neither', () => {
    const { logger, lines } = captureLogger();
    logger.error({ err: new Error(`provider said \u0000\u001b[31mred\u0007 ${'x'.repeat(10_000)}`) }, 'LLM call failed');
    const err = lines()[0]!.err as { message: string; stack: string };
    expect(/\p{Cc}/u.test(err.message)).toBe(false);
    expect(err.message.startsWith('provider said \uFFFD\uFFFD[31mred\uFFFD')).toBe(true);
    expect(err.message.length).toBeLessThanOrEqual(2000);
    expect(err.stack.includes('\u0000')).toBe(false);
  });
});
