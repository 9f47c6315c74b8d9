import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../db/port.js';
import type { Logger } from '../logger.js';
import { generatePassword } from './passwords.js';
import { countUsers, createUser } from './users.js';

export const FIRST_ADMIN_PASSWORD_FILE = 'first-admin-password.txt';

/**
 * First start with no staff account: an admin from ADMIN_EMAIL/ADMIN_PASSWORD, or one with a
 * generated password that must be changed at the first sign-in. That password goes to a file
 * only its owner can read: stdout is the log file when Aisle runs as a service.
 */
export async function bootstrapAdmin({ db, config, logger, print }: { db: Db; config: Pick<Config, 'ADMIN_EMAIL' | 'ADMIN_PASSWORD' | 'DATA_DIR'>; logger: Logger; print: (text: string) => void }): Promise<void> {
  if ((await countUsers(db)) > 0) return;
  const email = config.ADMIN_EMAIL ?? 'admin@aisle.local';
  const password = config.ADMIN_PASSWORD ?? generatePassword();
  const file = path.resolve(config.DATA_DIR, FIRST_ADMIN_PASSWORD_FILE);
  if (!config.ADMIN_PASSWORD) mkdirSync(path.dirname(file), { recursive: true });
  if (!config.ADMIN_PASSWORD) writeFileSync(file, `${email}\n${password}\n`, { mode: 0o600 });
  await createUser(db, { email, password, role: 'admin', mustChangePassword: !config.ADMIN_PASSWORD });
  logger.info({ email, ...(config.ADMIN_PASSWORD ? {} : { passwordFile: file }) }, 'created the first admin account');
  if (!config.ADMIN_PASSWORD) {
    print(`\nFirst start: created the admin account ${email}.\nIts password is in ${file} (readable only by this user).\nSign in at /admin/, choose a new password, then delete that file.\n\n`);
  }
}
