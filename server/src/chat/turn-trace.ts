import type { ProductFilters } from '../catalog/filters.js';
import type { RetrievalPlan } from '../catalog/find-candidates.js';
import type { Intent } from '../contracts/intent.js';
import type { RankedCandidate } from '../ranking/rank.js';

export type Stage = 'understand' | 'retrieve' | 'rank' | 'explain';

/**
 * Everything support needs to see why a turn went the way it did. Built up during the turn and
 * stored in turns.trace in a finally block, errors included. Never holds secrets.
 */
export class TurnTrace {
  private readonly started = performance.now();
  private readonly latencyMs: Partial<Record<Stage | 'total', number>> = {};
  private data: Record<string, unknown> = { engine: 'offline', provider: 'offline', model: null, prompts: [], fallbacks: [], errors: [] as string[] };
  failed = false;

  time<T>(stage: Stage, work: () => T): T {
    const t = performance.now();
    try {
      return work();
    } finally {
      this.latencyMs[stage] = (this.latencyMs[stage] ?? 0) + Math.round((performance.now() - t) * 100) / 100;
    }
  }

  async timeAsync<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await work();
    } finally {
      this.latencyMs[stage] = (this.latencyMs[stage] ?? 0) + Math.round((performance.now() - t) * 100) / 100;
    }
  }

  intent(intent: Intent): void {
    this.data.intent = intent;
  }

  /** `speculative`: whether retrieval started during the LLM call was used (null: none was started). */
  retrieval(filters: ProductFilters, plan: RetrievalPlan, speculative: boolean | null = null): void {
    this.data.filters = filters;
    this.data.retrieval = speculative === null ? plan : { ...plan, speculative };
  }

  emptyResult(summary: string): void {
    this.data.emptyResult = summary;
  }

  candidates(ranked: RankedCandidate[], weightsVersion: string): void {
    this.data.weightsVersion = weightsVersion;
    this.data.candidates = ranked.map((r) => ({ id: r.product.id, title: r.product.title, price: r.product.price, score: Math.round(r.score * 1e4) / 1e4, features: r.features, shown: r.shown, reasons: r.reasons }));
  }

  llmCall(call: { step: Stage; template: string; version: number; provider: string; model: string; usage: { promptTokens: number; completionTokens: number }; repaired: boolean }): void {
    this.data.engine = 'llm';
    this.data.provider = call.provider;
    this.data.model = call.model;
    (this.data.prompts as unknown[]).push(call);
  }

  /** Text that tries to steer the model: the shopper's message, or a product shown on a card (indirect). */
  injectionAttempt(attempt: { source: 'shopper' | 'product'; productId?: number; signals: string[] }): void {
    ((this.data.injectionAttempts ??= []) as unknown[]).push(attempt);
  }

  fallback(step: Stage, reason: string): void {
    (this.data.fallbacks as unknown[]).push({ step, reason });
  }

  error(error: unknown): void {
    this.failed = true;
    (this.data.errors as string[]).push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }

  /** The parts the metrics count (metrics.ts). */
  summary(): { engine: string; latencyMs: Partial<Record<Stage | 'total', number>>; prompts: Array<{ step: string; usage: { promptTokens: number; completionTokens: number } }>; fallbacks: Array<{ step: string; reason: string }> } {
    const json = this.toJSON();
    return { engine: String(this.data.engine), latencyMs: json.latencyMs as Partial<Record<Stage | 'total', number>>, prompts: this.data.prompts as never, fallbacks: this.data.fallbacks as never };
  }

  toJSON(): Record<string, unknown> {
    return { ...this.data, latencyMs: { ...this.latencyMs, total: Math.round((performance.now() - this.started) * 100) / 100 } };
  }
}

