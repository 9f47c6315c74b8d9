import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT_DIR } from '../../server/src/paths.js';

export type ServerProcess = {
  child: ChildProcess;
  output: () => string;
  logLines: () => Array<Record<string, unknown>>;
  /** Resolves with the port once the server logs that it is listening. */
  listening: Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Starts a TypeScript entry point as a real Node process, as `npm start` would. */
export function startServerProcess(script: string, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, script)], {
    cwd: ROOT_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info', EMBEDDING_PROVIDER: 'hashed', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const logLines = () =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const listening = new Promise<number>((resolve, reject) => {
    const check = () => {
      const line = logLines().find((l) => l.msg === 'Aisle is listening');
      if (line) resolve(Number(line.port));
    };
    child.stdout?.on('data', check);
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
  listening.catch(() => undefined); // tests that expect an early exit never await it
  return { child, output: () => out, logLines, listening, exited };
}
