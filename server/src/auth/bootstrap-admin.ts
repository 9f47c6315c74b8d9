import type { Config } from '../config.js';
import type { Db } from '../db/port.js';
import type { Logger } from '../logger.js';
import { generatePassword } from './passwords.js';
import { countUsers, createUser } from './users.js';

/**
 * First start with no staff account: an admin from ADMIN_EMAIL/ADMIN_PASSWORD, or a generated
 * password shown once on the console (never written to the log).
 */
export async function bootstrapAdmin({ db, config, logger, print }: { db: Db; config: Pick<Config, 'ADMIN_EMAIL' | 'ADMIN_PASSWORD'>; logger: Logger; print: (text: string) => void }): Promise<void> {
  if ((await countUsers(db)) > 0) return;
  const email = config.ADMIN_EMAIL ?? 'admin@aisle.local';
  const password = config.ADMIN_PASSWORD ?? generatePassword();
  await createUser(db, { email, password, role: 'admin' });
  logger.info({ email }, 'created the first admin account');
  if (!config.ADMIN_PASSWORD) print(`\nFirst start: created the admin account ${email} with the password ${password}\nIt is shown only this once; sign in at /admin and change it.\n\n`);
}
