import type { Identity } from './identity.js';
import { SessionStore } from './sessions.js';

const alice: Identity = { id: 'sub-alice', name: 'alice', role: 'admin', via: 'oidc' };

describe('SessionStore', () => {
  let now = 1_000_000;
  const sut = () => new SessionStore(60_000, () => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('knows a session until it expires, then forgets it', () => {
    const store = sut();
    const { id, expiresAt } = store.create(alice);

    expect(id).toMatch(/^[\w-]{43}$/);
    expect(expiresAt).toBe(1_060_000);
    now += 59_999;
    expect(store.get(id)).toEqual(alice);
    now += 1;
    expect(store.get(id)).toBeNull();
    expect(store.size).toBe(0);
  });

  it('ends a session at once, and knows no id it did not make', () => {
    const store = sut();
    const { id } = store.create(alice);
    store.end(id);

    expect(store.get(id)).toBeNull();
    expect(store.get('made-up')).toBeNull();
  });

  it('sweeps expired sessions nobody asked about, and keeps live ones', () => {
    const store = sut();
    store.create(alice);
    now += 30_000;
    const live = store.create(alice);
    now += 30_000;
    store.sweep();

    expect([store.size, store.get(live.id)]).toEqual([1, alice]);
  });
});
