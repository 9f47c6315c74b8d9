/**
 * What a staff password must be: long, not blank, not a famous password with digits tacked on,
 * not the account's own email name. Length beats composition rules (NIST SP 800-63B); the list is
 * the handful of words that lead every leaked-password ranking.
 */
const COMMON = new Set([
  'password', 'passw0rd', 'qwerty', 'qwertyuiop', 'letmein', 'welcome', 'iloveyou', 'admin', 'administrator', 'login', 'abc', 'abcdef',
  'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'master', 'shadow', 'superman', 'trustno', 'changeme', 'secret', 'aisle', 'shopping',
]);

export const MIN_PASSWORD_LENGTH = 12;

/** Why the password is refused, or null when it is fine. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password has at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 200) return 'a password has at most 200 characters';
  if (password.trim().length < MIN_PASSWORD_LENGTH) return `a password has at least ${MIN_PASSWORD_LENGTH} characters that are not spaces`;
  if (new Set(password).size < 5) return 'a password needs more than a few different characters';
  const letters = password.toLowerCase().replace(/[^a-z]/g, '');
  if (letters.length === 0 || COMMON.has(letters) || /^(.)\1*$/.test(letters)) return 'this password is one of the first an attacker tries; choose a longer phrase';
  if (/^(0123456789|1234567890|0987654321)+/.test(password.replace(/\D/g, '')) && letters.length < 4) return 'this password is one of the first an attacker tries; choose a longer phrase';
  const local = email?.split('@')[0]?.toLowerCase().replace(/[^a-z]/g, '');
  if (local && letters === local) return 'a password must not be the account’s email name';
  return null;
}
