import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

const STORE = 'https://shop.example.com';

async function connectFrom(baseUrl: string, origin: string | null): Promise<'connected' | string> {
  const socket = connect(baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: origin ? { origin } : {} });
  try {
    return await new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  } finally {
    socket.close();
  }
}

describe('security headers and allowed origins', () => {
  let server: RunningTestApp;
  beforeAll(async () => {
    server = await startTestApp({ env: { WIDGET_ALLOWED_ORIGINS: `${STORE}, https://other-shop.example.org` }, seedProducts: 50 });
  });
  afterAll(() => server.stop());

  it('when any page or API is fetched, then a strict Content-Security-Policy and the usual security headers come with it', async () => {
    for (const path of ['/', '/api/health', '/api/products/search?q=boots', '/no-such-page']) {
      const res = await fetch(`${server.baseUrl}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('access-control-allow-origin')).toBeNull(); // no HTTP API is open to other origins
    }
  });

  it('when a store page embeds the widget script or a product image, then the browser may load it across origins; other resources stay same-site', async () => {
    const image = await fetch(`${server.baseUrl}/images/products/shoes/brown`);
    expect(image.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const api = await fetch(`${server.baseUrl}/api/health`);
    expect(api.headers.get('cross-origin-resource-policy')).toBe('same-site');
  });

  it('when a socket connects from a configured store, its own origin, or no browser at all, then it is accepted; from any other origin it is refused', async () => {
    expect(await connectFrom(server.baseUrl, STORE)).toBe('connected');
    expect(await connectFrom(server.baseUrl, server.baseUrl)).toBe('connected');
    expect(await connectFrom(server.baseUrl, null)).toBe('connected');
    expect(await connectFrom(server.baseUrl, 'https://evil.example.net')).not.toBe('connected');
    expect(await connectFrom(server.baseUrl, 'https://shop.example.com.evil.net')).not.toBe('connected');
    expect(server.logLines().some((l) => l.msg === 'socket connection from an origin that is not allowed' && l.origin === 'https://evil.example.net')).toBe(true);
  });

  it('when socket.io is polled from a configured store, then CORS allows exactly that origin', async () => {
    const res = await fetch(`${server.baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin: STORE } });
    expect(res.headers.get('access-control-allow-origin')).toBe(STORE);
    const evil = await fetch(`${server.baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example.net' } });
    expect(evil.status).toBe(403);
  });
});
