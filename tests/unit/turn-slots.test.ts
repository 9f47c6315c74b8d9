import { describe, expect, it } from 'vitest';
import { TurnSlots } from '../../server/src/socket/turn-slots.js';
import { concurrentTurns } from '../../server/src/socket/chat-gateway.js';

/** A turn that runs until the test lets it finish. */
function gatedTurn(log: string[], name: string) {
  let finish!: (fail?: boolean) => void;
  const done = new Promise<void>((resolve, reject) => (finish = (fail) => (fail ? reject(new Error(`${name} failed`)) : resolve())));
  return {
    work: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: (fail?: boolean) => finish(fail),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('turn slots', () => {
  it('when more turns start than there are slots, then the others wait and start in arrival order as slots free up', async () => {
    const slots = new TurnSlots(2);
    const log: string[] = [];
    const turns = ['a', 'b', 'c', 'd'].map((name) => gatedTurn(log, name));
    const results = turns.map((turn) => slots.run(turn.work));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect(slots.queued).toBe(2);
    turns[1]!.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    turns[0]!.finish();
    await tick();
    expect(log.slice(4)).toEqual(['end a', 'start d']);
    expect(slots.queued).toBe(0);
    turns[2]!.finish();
    turns[3]!.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(slots.queued).toBe(0);
  });

  it('when a turn starts, then it is told whether it waited for its slot', async () => {
    const slots = new TurnSlots(1);
    const first = gatedTurn([], 'a');
    const told: boolean[] = [];
    const results = [slots.run((waited) => (told.push(waited), first.work())), slots.run(async (waited) => (told.push(waited), 'b'))];
    await tick();
    expect(told).toEqual([false]);
    first.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b']);
    expect(told).toEqual([false, true]);
  });

  it('when a running turn fails, then its error reaches its caller and the next turn in line still starts', async () => {
    const slots = new TurnSlots(1);
    const log: string[] = [];
    const failing = gatedTurn(log, 'a');
    const next = gatedTurn(log, 'b');
    const first = slots.run(failing.work);
    const second = slots.run(next.work);
    await tick();
    failing.finish(true);
    await expect(first).rejects.toThrow('a failed');
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    next.finish();
    expect(await second).toBe('b');
  });

  it('when the limit is not configured, then the offline engine runs 8 turns at once and an LLM 200; a set value wins', () => {
    expect(concurrentTurns({ llmMode: 'offline', CHAT_CONCURRENT_TURNS: undefined })).toBe(8);
    expect(concurrentTurns({ llmMode: 'openai', CHAT_CONCURRENT_TURNS: undefined })).toBe(200);
    expect(concurrentTurns({ llmMode: 'openai', CHAT_CONCURRENT_TURNS: 3 })).toBe(3);
  });
});
