/** Signs a staff user in over HTTP; the cookie and CSRF token for the following calls. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in failed with ${res.status}`);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** A JSON call signed by that session. */
export async function staffCall(baseUrl: string, signed: { cookie: string; csrf: string }, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', cookie: signed.cookie, 'x-csrf-token': signed.csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
