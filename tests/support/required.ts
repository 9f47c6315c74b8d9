/**
 * Suites that need something the machine may lack (Chromium, Postgres, root for mounts) skip
 * on a developer's machine without it, but under CI=true a missing part fails the run: a
 * green CI must mean those suites ran.
 */
export function available(present: boolean, what: string): boolean {
  if (!present && process.env.CI === 'true') throw new Error(`CI needs ${what}, which is missing: .ci/run installs it (see docs/development.md)`);
  return present;
}

export const isRoot = process.getuid?.() === 0;
