import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type TrustFn = (address: string, hop: number) => boolean;

/**
 * SIMSCOPE_TRUST_PROXY → which peers may speak for the client through X-Forwarded-For, with
 * Express's own semantics: `true` (any), a hop count, or addresses/CIDRs and the names `loopback`,
 * `linklocal`, `uniquelocal`. Unset or `false`: nobody; the peer address is the client. Throws on a
 * value proxy-addr cannot read.
 */
export function compileTrust(value: string | undefined): TrustFn | null {
  const v = value?.trim();
  if (!v || v === 'false') {
    return null;
  }
  if (v === 'true') {
    return () => true;
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** The client's address: the peer's, or the nearest untrusted one in X-Forwarded-For. */
export function clientAddress(req: IncomingMessage, trust: TrustFn | null): string {
  if (!trust) {
    return req.socket.remoteAddress ?? 'unknown';
  }
  return proxyaddr(req, trust) || (req.socket.remoteAddress ?? 'unknown');
}
