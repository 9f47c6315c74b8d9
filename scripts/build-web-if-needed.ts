import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR, WEB_DIST_DIR } from '../server/src/paths.js';

/** `npm start` calls this: rebuild the web app only when a source is newer than the build. */
function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

const builtIndex = path.join(WEB_DIST_DIR, 'index.html');
const sources = [path.join(ROOT_DIR, 'web'), path.join(ROOT_DIR, 'vite.config.ts'), path.join(ROOT_DIR, 'server', 'src', 'contracts')];
const stale = !existsSync(builtIndex) || Math.max(...sources.map(newestMtime)) > statSync(builtIndex).mtimeMs;

if (stale) {
  process.stdout.write('Building the web app…\n');
  const vite = path.join(ROOT_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT_DIR, stdio: 'inherit' });
  execFileSync(process.execPath, [vite, 'build', '--config', 'vite.widget.config.ts'], { cwd: ROOT_DIR, stdio: 'inherit' });
}
