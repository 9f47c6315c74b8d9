import { parseArgs } from 'node:util';
import { generatePassword } from '../auth/passwords.js';
import { createUser, ROLES, type Role } from '../auth/users.js';
import { loadConfigOrExit } from '../config-or-exit.js';
import { migrate } from '../db/migrate.js';
import { openDb } from '../db/open-db.js';
import { mapError } from '../error-response.js';
import { createLogger } from '../logger.js';
import { MIGRATIONS_DIR } from '../paths.js';

/** `npm run user:create -- --email a@b.c --role merchant [--password …]`; a generated password is printed once. */
const { values } = parseArgs({ options: { email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } } });
if (!values.email || !ROLES.includes(values.role as Role)) {
  process.stderr.write(`usage: npm run user:create -- --email <email> --role <${ROLES.join('|')}> [--password <at least 12 characters>]\n`);
  process.exit(2);
}
const config = loadConfigOrExit();
const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
const db = await openDb(config, logger);
try {
  await migrate({ db, dir: MIGRATIONS_DIR, logger });
  const password = values.password ?? generatePassword();
  const user = await createUser(db, { email: values.email, role: values.role as Role, password });
  process.stdout.write(`created ${user.role} ${user.email}${values.password ? '' : ` with the password ${password} (shown only this once)`}\n`);
} catch (error) {
  process.stdout.write(`${mapError(error).payload.code}: ${mapError(error).payload.message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
