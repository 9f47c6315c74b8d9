import { generatePassword } from '../auth/passwords.js';
import { createUser, ROLES, type Role } from '../auth/users.js';
import { loadConfigOrExit } from '../config-or-exit.js';
import { mapError } from '../error-response.js';
import { createLogger } from '../logger.js';
import { openCliDatabase, parseCliArgs, usageError } from './cli-setup.js';

/** `npm run user:create -- --email a@b.c --role merchant [--password …]`; a generated password is printed once. */
const USAGE = `usage: npm run user:create -- --email <email> --role <${ROLES.join('|')}> [--password <at least 12 characters>]
  Without --password a strong one is generated and shown once.`;
const { values } = parseCliArgs(USAGE, { email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } });
if (typeof values.email !== 'string' || !ROLES.includes(values.role as Role)) usageError(USAGE);
const config = loadConfigOrExit();
const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
const db = await openCliDatabase(config, logger, { command: 'npm run user:create', instead: 'sign in to /admin/ as an admin and add the account under Accounts (POST /api/users)' });
try {
  const password = typeof values.password === 'string' ? values.password : generatePassword();
  const user = await createUser(db, { email: values.email, role: values.role as Role, password, mustChangePassword: values.password === undefined });
  process.stdout.write(`created ${user.role} ${user.email}${values.password ? '' : ` with the password ${password} (shown only this once)`}\n`);
} catch (error) {
  process.stdout.write(`${mapError(error).payload.code}: ${mapError(error).payload.message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
