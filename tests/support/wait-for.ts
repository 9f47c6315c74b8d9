/**
 * Polls `probe` until it returns something truthy, or fails after `timeoutMs` naming `what`:
 * tests wait for a condition, never for a fixed time.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, { timeoutMs = 10_000, what = 'the condition' }: { timeoutMs?: number; what?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
