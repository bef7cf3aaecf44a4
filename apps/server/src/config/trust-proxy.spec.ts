import type { IncomingMessage } from 'node:http';
import { clientAddress, compileTrust } from './trust-proxy.js';

const req = (peer: string, xff?: string) =>
  ({
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: xff ? { 'x-forwarded-for': xff } : {},
  }) as unknown as IncomingMessage;

describe('clientAddress with SIMSCOPE_TRUST_PROXY', () => {
  it.each<[string | undefined, string, string | undefined, string]>([
    [undefined, '127.0.0.1', '203.0.113.9', '127.0.0.1'],
    ['false', '127.0.0.1', '203.0.113.9', '127.0.0.1'],
    ['true', '127.0.0.1', '203.0.113.9, 10.0.0.2', '203.0.113.9'],
    ['1', '127.0.0.1', '203.0.113.9, 10.0.0.2', '10.0.0.2'],
    ['2', '127.0.0.1', '203.0.113.9, 10.0.0.2', '203.0.113.9'],
    ['loopback', '127.0.0.1', '203.0.113.9', '203.0.113.9'],
    // A peer outside the trusted set cannot speak for anyone.
    ['loopback', '198.51.100.7', '203.0.113.9', '198.51.100.7'],
    ['loopback, 10.0.0.0/8', '127.0.0.1', '203.0.113.9, 10.1.2.3', '203.0.113.9'],
    ['loopback', '127.0.0.1', undefined, '127.0.0.1'],
  ])('trust %p, peer %s, X-Forwarded-For %p → %s', (trust, peer, xff, expected) => {
    expect(clientAddress(req(peer, xff), compileTrust(trust))).toBe(expected);
  });

  it('refuses a value proxy-addr cannot read', () => {
    expect(() => compileTrust('not-an-address')).toThrow();
  });
});
