import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, found from this file so scripts work from any working directory. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'migrations');
export const PROMPTS_DIR = path.join(ROOT_DIR, 'prompts');
export const WEB_DIST_DIR = path.join(ROOT_DIR, 'dist', 'web');
