/** Builds an element with properties and children; text always goes in as text, never HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** JSON calls for the staff pages: sends the CSRF token, turns an error body into an Error. */
export function staffApi(getCsrf: () => string) {
  return async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': getCsrf() }, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = (await res.json()) as T & { error?: { message: string } };
    if (!res.ok) throw new Error(data.error?.message ?? `${res.status}`);
    return data;
  };
}

/** An http(s) link resolved against `base`, or null: data from a catalog never becomes a javascript: URL. */
export function safeLink(url: string | null | undefined, base: string = location.href): string | null {
  if (!url) return null;
  try {
    const resolved = new URL(url, base);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : null;
  } catch {
    return null;
  }
}
