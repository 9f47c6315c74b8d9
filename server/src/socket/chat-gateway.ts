import { randomUUID } from 'node:crypto';
import { acceptMessage, runTurn, type TurnDeps } from '../chat/handle-turn.js';
import { clearProfile, editProfile, recordFeedback, viewProfile } from '../chat/shopper-profile.js';
import { chatFeedbackSchema, chatProfileSchema, chatProfileUpdateSchema, chatRetrySchema, chatSendSchema, chatStartSchema, type AckResponse, type HistoryMessage } from '../contracts/chat-events.js';
import type { ProductCard } from '../contracts/product-card.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { mapError } from '../error-response.js';
import type { Logger } from '../logger.js';
import { createSession, getSession, interruptedTurnIds, listMessages, reopenInterruptedTurn, turnInProgress } from '../transcripts/transcript-repository.js';
import type { TurnRecovery } from '../chat/turn-recovery.js';
import type { TurnStart } from '../chat/turn-start.js';
import { RateLimiter } from './rate-limiter.js';
import type { AisleSocketServer } from './socket-server.js';
import { TurnSlots } from './turn-slots.js';

type GatewayConfig = Pick<Config, 'CHAT_MAX_MESSAGE_CHARS' | 'CHAT_MESSAGES_PER_MINUTE_PER_SESSION' | 'CHAT_MESSAGES_PER_MINUTE_PER_IP' | 'CHAT_CONCURRENT_TURNS' | 'llmMode'>;

/**
 * Turns run at once unless configured: an offline turn is ≈ 25 ms of CPU, so a few keep the
 * database busy and more only slow them all down; an LLM turn mostly waits on the provider.
 */
export function concurrentTurns(config: Pick<Config, 'CHAT_CONCURRENT_TURNS' | 'llmMode'>): number {
  return config.CHAT_CONCURRENT_TURNS ?? (config.llmMode === 'openai' ? 200 : 8);
}

const room = (sessionId: string) => `session:${sessionId}`;

/** Runs `work` and answers the ack with its result or with a mapped error; never throws. */
async function answer<T extends object>(ack: unknown, logger: Logger, work: () => Promise<T>): Promise<void> {
  const reply = typeof ack === 'function' ? (ack as (response: AckResponse<T>) => void) : () => undefined;
  try {
    reply({ ok: true, ...(await work()) });
  } catch (error) {
    const { payload, internal } = mapError(error);
    if (internal) logger.error({ err: error }, 'socket request failed');
    reply({ ok: false, error: payload });
  }
}

/**
 * The chat protocol (docs/protocol.md): thin — validate, call the use case, respond. A turn's
 * events go to the session's room, so a shopper who reconnects and restarts the session keeps
 * receiving them. One turn per session at a time: a second send while one runs is refused.
 */
export function registerChatGateway({ io, turns, config, logger, recovery }: { io: AisleSocketServer; turns: TurnDeps; config: GatewayConfig; logger: Logger; recovery?: TurnRecovery }): { turnsWaiting: () => number } {
  /** Sessions with a message being accepted or a turn running. */
  const busy = new Set<string>();
  const perSession = new RateLimiter(config.CHAT_MESSAGES_PER_MINUTE_PER_SESSION, config.CHAT_MESSAGES_PER_MINUTE_PER_SESSION);
  const perIp = new RateLimiter(config.CHAT_MESSAGES_PER_MINUTE_PER_IP, config.CHAT_MESSAGES_PER_MINUTE_PER_IP);
  const sendSchema = chatSendSchema(config.CHAT_MAX_MESSAGE_CHARS);
  const mode = config.llmMode === 'openai' ? 'llm' : 'offline';

  const slots = new TurnSlots(concurrentTurns(config));
  /** `accepted`: what the accept read; a turn that waits for a slot reads it again. */
  const startTurn = (sessionId: string, turnId: string, text: string, accepted?: TurnStart) => {
    const to = io.to(room(sessionId));
    recovery?.active.add(turnId);
    slots.run((waited) => runTurn(turns, { sessionId, turnId, text }, {
      onProducts: (products) => to.emit('chat:products', { turnId, products }),
      onDelta: (delta) => to.emit('chat:delta', { turnId, text: delta }),
    }, waited ? undefined : accepted))
      .then((result) => to.emit('chat:done', { turnId, text: result.text, products: result.products, suggestions: result.suggestions, degraded: result.degraded }))
      .catch((error: unknown) => {
        logger.error({ err: error, sessionId, turnId }, 'turn failed');
        const { payload } = mapError(error);
        to.emit('chat:error', { turnId, code: payload.code === 'INTERNAL_ERROR' ? 'TURN_FAILED' : payload.code, message: 'Sorry — I could not answer that. Your message is saved; please try again.' });
      })
      .finally(() => {
        busy.delete(sessionId);
        recovery?.active.delete(turnId);
      });
  };

  io.on('connection', (socket) => {
    const ip = socket.data.ip;

    socket.on('chat:start', (payload, ack) =>
      answer(ack, logger, async () => {
        const input = chatStartSchema.parse(payload ?? {});
        let session = input.sessionId ? await getSession(turns.db, input.sessionId) : null;
        session ??= await createSession(turns.db, { mode, shopperId: input.shopperId ?? randomUUID() });
        await socket.join(room(session.id));
        const interrupted = await interruptedTurnIds(turns.db, session.id);
        const history: HistoryMessage[] = (await listMessages(turns.db, session.id))
          .filter((m) => m.role !== 'system')
          .map((m) => ({
            role: m.role as 'user' | 'assistant',
            text: m.text,
            turnId: m.turnId,
            products: m.products as ProductCard[],
            suggestions: m.suggestions,
            createdAt: m.createdAt.toISOString(),
            ...(m.role === 'user' && m.turnId && interrupted.has(m.turnId) ? { interrupted: true } : {}),
          }));
        return { sessionId: session.id, shopperId: session.shopperId, mode: session.mode, history };
      }),
    );

    /** A message's token from both limits, or from neither. */
    const takeTokens = (sessionId: string) => {
      if (!perIp.take(ip)) return false;
      if (perSession.take(sessionId)) return true;
      perIp.refund(ip);
      return false;
    };
    const giveTokensBack = (sessionId: string) => {
      perIp.refund(ip);
      perSession.refund(sessionId);
    };
    const owned = (sessionId: string) => {
      if (!socket.rooms.has(room(sessionId))) throw new AppError('SESSION_NOT_STARTED', 'Start the session with chat:start first.', 409);
      return sessionId;
    };
    /**
     * Holds the session while `work` decides whether a turn starts (reserved synchronously, so
     * two requests racing each other cannot both start one); released unless a turn did start.
     */
    const reserved = async (sessionId: string, work: () => Promise<{ turnId: string; startWith?: string; accepted?: TurnStart }>) => {
      busy.add(sessionId);
      let started = false;
      try {
        const { turnId, startWith, accepted } = await work();
        if (startWith !== undefined) {
          startTurn(sessionId, turnId, startWith, accepted);
          started = true;
        }
        return { turnId };
      } finally {
        if (!started) busy.delete(sessionId);
      }
    };

    socket.on('chat:send', (payload, ack) =>
      answer(ack, logger, async () => {
        const input = sendSchema.parse(payload);
        owned(input.sessionId);
        const resent = async () => (await turns.db.query<{ turn_id: string }>('SELECT turn_id FROM messages WHERE session_id = $1 AND client_message_id = $2', [input.sessionId, input.clientMessageId])).rows[0]?.turn_id;
        if (busy.has(input.sessionId)) {
          const turnId = await resent();
          if (turnId) return { turnId }; // a resend: same turn, never run twice
          throw turnInProgress();
        }
        return reserved(input.sessionId, async () => {
          // A resend never counts against the limits: its tokens are given back once the accept
          // finds the message already stored (looked up first only when the limits refuse).
          if (!takeTokens(input.sessionId)) {
            const previous = await resent();
            if (previous) return { turnId: previous };
            throw new AppError('RATE_LIMITED', 'You are sending messages too quickly; please wait a moment.', 429);
          }
          const { turnId, created, text, start } = await acceptMessage(turns, input);
          if (!created) giveTokensBack(input.sessionId);
          return { turnId, startWith: created ? text : undefined, accepted: start };
        });
      }),
    );

    // An interrupted turn (server died, database lost midway) runs again on the stored message.
    socket.on('chat:retry', (payload, ack) =>
      answer(ack, logger, async () => {
        const input = chatRetrySchema.parse(payload);
        owned(input.sessionId);
        if (busy.has(input.sessionId)) throw new AppError('TURN_IN_PROGRESS', 'Please wait for the current answer before retrying.', 409);
        return reserved(input.sessionId, async () => {
          await recovery?.sweep(false); // this process's own abandoned turns count as interrupted now
          const { text } = await reopenInterruptedTurn(turns.db, { ...input, runnerId: turns.runnerId });
          return { turnId: input.turnId, startWith: text };
        });
      }),
    );

    // "What I know about you": see, edit and clear the shopper's profile.
    socket.on('chat:profile', (payload, ack) => answer(ack, logger, async () => viewProfile(turns.db, owned(chatProfileSchema.parse(payload).sessionId))));
    socket.on('chat:profile:update', (payload, ack) =>
      answer(ack, logger, async () => {
        const input = chatProfileUpdateSchema.parse(payload);
        return editProfile(turns.db, owned(input.sessionId), input.patch);
      }),
    );
    socket.on('chat:profile:clear', (payload, ack) => answer(ack, logger, async () => clearProfile(turns.db, owned(chatProfileSchema.parse(payload).sessionId))));

    socket.on('chat:feedback', (payload, ack) =>
      answer(ack, logger, async () => {
        const input = chatFeedbackSchema.parse(payload);
        owned(input.sessionId);
        return recordFeedback(turns.db, input, { maskComment: turns.maskPii !== false });
      }),
    );
  });
  return { turnsWaiting: () => slots.queued };
}
