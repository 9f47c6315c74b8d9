import type { Span } from './gc-pauses.js';

/**
 * One turn's overhead in three parts, from the shopper's and the provider's clocks:
 * `toIntent`, chat:send until the provider has read the intent request (the hop to the server,
 * storing the message, starting the turn, building and sending the request); `between`, the
 * intent's answer until the provider has read the reply request (reading the intent, retrieval,
 * ranking, building and sending that request); `toShopper`, the reply's first bytes until the
 * shopper has the first sentence (reading the stream, checking the sentence, the hop back).
 */
export type Segments = { toIntent: number; between: number; toShopper: number };

/** Null for a turn that did not make exactly two provider calls inside its window (a repair, a fallback). */
export function segmentsOf(windows: Span[], waits: Span[]): Array<Segments | null> {
  return windows.map(([sent, firstDelta]) => {
    const calls = waits.filter(([readAt]) => readAt >= sent && readAt <= firstDelta).sort((a, b) => a[0] - b[0]);
    if (calls.length !== 2) return null;
    const [[intentRead, intentAnswered], [replyRead, replyAnswered]] = calls as [Span, Span];
    return { toIntent: intentRead - sent, between: replyRead - intentAnswered, toShopper: firstDelta - replyAnswered };
  });
}
