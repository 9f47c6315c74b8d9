import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/port.js';

/** What a finished turn's trace tells the metrics (turn-trace.ts). */
export type FinishedTurn = {
  status: 'completed' | 'failed';
  engine: string;
  degraded: boolean;
  latencyMs: Partial<Record<string, number>>;
  prompts: Array<{ step: string; usage: { promptTokens: number; completionTokens: number } }>;
  fallbacks: Array<{ step: string; reason: string }>;
};

export interface TurnMetrics {
  turnFinished(turn: FinishedTurn): void;
}

/** A fallback's reason as a small, fixed label set (the full text stays in the trace). */
export function fallbackReason(reason: string): 'circuit_open' | 'timeout' | 'invalid_output' | 'ungrounded' | 'error' {
  if (reason.startsWith('circuit open')) return 'circuit_open';
  if (reason.startsWith('reply named something')) return 'ungrounded';
  if (/timeout|timed out|abort/i.test(reason)) return 'timeout';
  if (/json|schema|zod|pars|invalid/i.test(reason)) return 'invalid_output';
  return 'error';
}

/** Turn latency buckets, in seconds: the offline engine answers in milliseconds, an LLM in seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Prometheus metrics for one app: its own registry (tests run several apps in one process),
 * process metrics included. Served at /metrics.
 */
export class AisleMetrics implements TurnMetrics {
  readonly registry = new Registry();
  private readonly turns = new Counter({ name: 'aisle_turns_total', help: 'Finished turns', labelNames: ['engine', 'status', 'degraded'], registers: [this.registry] });
  private readonly stageSeconds = new Histogram({ name: 'aisle_turn_stage_seconds', help: 'Time per turn stage (total = the whole turn)', labelNames: ['stage'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly llmCalls = new Counter({ name: 'aisle_llm_calls_total', help: 'LLM calls that returned', labelNames: ['step'], registers: [this.registry] });
  private readonly llmTokens = new Counter({ name: 'aisle_llm_tokens_total', help: 'LLM tokens reported by the provider', labelNames: ['step', 'kind'], registers: [this.registry] });
  private readonly llmErrors = new Counter({ name: 'aisle_llm_errors_total', help: 'LLM calls that failed (timeouts, invalid output, provider errors)', labelNames: ['step', 'reason'], registers: [this.registry] });
  private readonly fallbacks = new Counter({ name: 'aisle_fallbacks_total', help: 'Steps answered by the offline engine instead of the LLM', labelNames: ['step', 'reason'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'aisle_' });
  }

  turnFinished(turn: FinishedTurn): void {
    this.turns.inc({ engine: turn.engine, status: turn.status, degraded: String(turn.degraded) });
    for (const [stage, ms] of Object.entries(turn.latencyMs)) if (typeof ms === 'number') this.stageSeconds.observe({ stage }, ms / 1000);
    for (const call of turn.prompts) {
      this.llmCalls.inc({ step: call.step });
      this.llmTokens.inc({ step: call.step, kind: 'prompt' }, call.usage.promptTokens);
      this.llmTokens.inc({ step: call.step, kind: 'completion' }, call.usage.completionTokens);
    }
    for (const fallback of turn.fallbacks) {
      const reason = fallbackReason(fallback.reason);
      this.fallbacks.inc({ step: fallback.step, reason });
      if (reason === 'timeout' || reason === 'invalid_output' || reason === 'error') this.llmErrors.inc({ step: fallback.step, reason });
    }
  }

  /** Gauges read when Prometheus scrapes: open sockets, the database pool, the LLM circuit, turns in line. */
  watch(sources: { sockets?: () => number; db?: Db; llmCircuit?: () => 'closed' | 'open' | 'half_open'; turnsWaiting?: () => number }): void {
    const { sockets, db, llmCircuit, turnsWaiting } = sources;
    if (sockets) new Gauge({ name: 'aisle_socket_connections', help: 'Open socket.io connections', registers: [this.registry], collect() { this.set(sockets()); } });
    if (db) {
      new Gauge({
        name: 'aisle_db_pool_connections',
        help: 'Database connections by state (PGlite is one in-process connection)',
        labelNames: ['state'],
        registers: [this.registry],
        collect() {
          const stats = db.poolStats();
          this.set({ state: 'total' }, stats.total);
          this.set({ state: 'idle' }, stats.idle);
          this.set({ state: 'waiting' }, stats.waiting);
        },
      });
    }
    if (turnsWaiting) new Gauge({ name: 'aisle_turns_waiting', help: 'Accepted turns waiting for one of CHAT_CONCURRENT_TURNS', registers: [this.registry], collect() { this.set(turnsWaiting()); } });
    if (llmCircuit) new Gauge({ name: 'aisle_llm_circuit_open', help: '1 while the LLM circuit breaker is open', registers: [this.registry], collect() { this.set(llmCircuit() === 'open' ? 1 : 0); } });
  }
}
