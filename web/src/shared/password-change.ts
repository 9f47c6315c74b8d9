import { el } from './dom.js';

type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * The change-password form of the staff pages. `forced`: the account still has a password it
 * was given (the first admin's, or one an admin generated), and nothing else opens until it is changed.
 */
export function passwordChangeForm(api: Api, { forced, onDone }: { forced: boolean; onDone: () => void }): HTMLFormElement {
  const current = el('input', { type: 'password', required: true, autocomplete: 'current-password' });
  const next = el('input', { type: 'password', required: true, autocomplete: 'new-password', minLength: 12 });
  const again = el('input', { type: 'password', required: true, autocomplete: 'new-password', minLength: 12 });
  const problem = el('p', { className: 'problems', role: 'alert' } as Partial<HTMLParagraphElement>);
  const intro = forced ? 'This account still has the password it was given. Choose your own to continue: at least 12 characters; a few unrelated words make a strong one.' : 'At least 12 characters; a few unrelated words make a strong one. Your other sessions will be signed out.';
  const form = el(
    'form',
    { className: 'login' },
    el('h1', { textContent: 'Choose a new password' }),
    el('p', { textContent: intro }),
    el('label', {}, 'Current password ', current),
    el('label', {}, 'New password ', next),
    el('label', {}, 'New password again ', again),
    el('button', { type: 'submit', textContent: 'Change password' }),
    problem,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (next.value !== again.value) {
      problem.textContent = 'The two new passwords differ.';
      return;
    }
    try {
      await api('POST', '/api/auth/password', { currentPassword: current.value, newPassword: next.value });
      onDone();
    } catch (error) {
      problem.textContent = (error as Error).message;
    }
  });
  queueMicrotask(() => current.focus());
  return form;
}
