import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * Which proxies in front of Aisle may say who the client is (X-Forwarded-For): none by default,
 * else all (true), the nearest N hops, or addresses and subnets (CIDR, or loopback / linklocal /
 * uniquelocal). Express's `trust proxy` setting, and the same rule for Socket.IO's connections.
 */
export type TrustProxy = boolean | number | string[];

export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'false' || value === 'off') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((part) => part.trim()).filter(Boolean);
  proxyAddr.compile(list); // throws on a malformed address or subnet
  return list;
}

/** The client's address by the rule: the TCP peer unless a trusted proxy forwarded the request. */
export function clientAddressResolver(trust: TrustProxy): (req: IncomingMessage) => string {
  const trusts = trust === true ? () => true : trust === false ? () => false : typeof trust === 'number' ? (_addr: string, hop: number) => hop < trust : proxyAddr.compile(trust);
  return (req) => proxyAddr(req, trusts);
}
