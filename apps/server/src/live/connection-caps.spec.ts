import { ConnectionCaps } from './connection-caps.js';

describe('ConnectionCaps', () => {
  it('admits up to the global cap, then refuses with the numbers', () => {
    const sut = new ConnectionCaps({ max: 2, perIp: 10 });
    sut.attach('a');
    sut.attach('b');

    expect(sut.admit('c')).toEqual({
      error: 'websocket_capacity_reached',
      max: 2,
      current: 2,
      retryAfterMs: 5000,
      scope: 'global',
    });
  });

  it('refuses one address over its own cap while others still get in', () => {
    const sut = new ConnectionCaps({ max: 10, perIp: 2 });
    sut.attach('a');
    sut.attach('a');

    expect(sut.admit('a')).toMatchObject({ max: 2, current: 2, scope: 'per-ip' });
    expect(sut.admit('b')).toBeNull();
  });

  it('frees slots on release and never goes below zero', () => {
    const sut = new ConnectionCaps({ max: 1, perIp: 1 });
    sut.attach('a');
    sut.release('a');
    sut.release('a');

    expect(sut.current).toBe(0);
    expect(sut.countFor('a')).toBe(0);
    expect(sut.admit('a')).toBeNull();
  });
});
