import { spawnSync } from 'node:child_process';

/**
 * `npm run bench`: every part in turn, each in its own process. A part that fails (the load part
 * does when shoppers time out) does not stop the ones after it; the run fails at the end, naming it.
 */
const PARTS = ['bench:retrieval', 'bench:catalog', 'bench:turns', 'bench:llm', 'bench:load', 'bench:transcripts'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const failed = PARTS.filter((part) => spawnSync(npm, ['run', '-s', part], { stdio: 'inherit' }).status !== 0);
if (failed.length) {
  process.stderr.write(`\nbenchmark parts that reported errors: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
