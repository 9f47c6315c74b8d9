/**
 * How long a shopper takes between one answer and their next message: reading the answer, then
 * typing the message. The load target (500 concurrent sessions) is read at this pace; a fixed
 * `--think` range is the stress pace that finds one process's ceiling.
 *
 * - Reading: 238 words a minute, the mean for silent reading of non-fiction in English
 *   (Brysbaert 2019, "How many words do we read per minute?", 190 studies).
 * - Typing: 52 words a minute of 5 characters, the mean on a keyboard (Dhakal et al. 2018,
 *   168,000 volunteers). On phones people type slower (36 wpm, Palin et al. 2019); the faster
 *   figure is used so that the pace errs towards more load, not less.
 * - Each shopper's pace varies: both parts are scaled by a factor drawn between 0.5 and 1.5, so
 *   a quick reader who answers in two words comes back within seconds.
 */
export const READING_WORDS_PER_MINUTE = 238;
export const TYPING_CHARACTERS_PER_SECOND = (52 * 5) / 60;
export const PACE_SPREAD: readonly [number, number] = [0.5, 1.5];

const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Milliseconds between an answer arriving and the next message being sent; `random` in [0, 1). */
export function shopperPauseMs(answer: string, nextMessage: string, random: () => number = Math.random): number {
  const readMs = (wordsIn(answer) / READING_WORDS_PER_MINUTE) * 60_000;
  const typeMs = (nextMessage.length / TYPING_CHARACTERS_PER_SECOND) * 1000;
  const [low, high] = PACE_SPREAD;
  return (readMs + typeMs) * (low + random() * (high - low));
}
