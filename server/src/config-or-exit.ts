import { ConfigError, loadConfig, type Config } from './config.js';

/** For entry points: a bad environment stops the process with a message naming each variable. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every variable and what it accepts.\n`);
    process.exit(1);
  }
}
