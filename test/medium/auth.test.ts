import { SimscopeClient, type CreatedApiKey, type Me, type Role } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { connect, firstSnapshot, type TypedSocket } from '../support/live.js';
import { testEngineHost } from '../support/factories.js';

const ADMIN = 'bootstrap-admin-key-0123456789';

describe('SIMSCOPE_AUTH=token', () => {
  let running: RunningApp;
  let base: string;
  let viewer: CreatedApiKey;
  let operator: CreatedApiKey;

  const call = (method: string, path: string, key?: string, body?: object) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  // The typed client, as a script would use it.
  const admin = () => new SimscopeClient({ baseUrl: base, token: ADMIN });
  const createKey = (name: string, role: Role) => admin().createApiKey({ name, role });

  beforeAll(async () => {
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_AUTH: 'token',
      SIMSCOPE_API_TOKEN: ADMIN,
      SIMSCOPE_RECONCILE_MS: '3600000',
    });
    base = running.baseUrl;
    viewer = await createKey('dashboard-tv', 'viewer');
    operator = await createKey('alice', 'operator');
  }, 60_000);
  afterAll(() => running?.close(), 60_000);

  it('creates a key shown once, lists keys without secrets, and says who a key is', async () => {
    expect(viewer.key).toMatch(/^ssk_[0-9a-f]{12}_[\w-]{32}$/);
    const listed = (await (await call('GET', '/api/auth/keys', ADMIN)).json()) as object[];
    expect(listed).toEqual(
      expect.arrayContaining([
        { id: viewer.id, name: 'dashboard-tv', role: 'viewer', createdAt: viewer.createdAt },
      ]),
    );
    expect(JSON.stringify(listed)).not.toContain(viewer.key.slice(-32));
    const me: Me = await new SimscopeClient({ baseUrl: base, token: operator.key }).me();
    expect(me).toEqual({ user: { id: operator.id, name: 'alice' }, role: 'operator', via: 'key' });
  });

  it.each([
    // [route, method, body, nobody, viewer, operator, admin]
    ['/api/docker/simulations', 'GET', undefined, 401, 200, 200, 200],
    ['/api/meta/notes', 'GET', undefined, 401, 200, 200, 200],
    ['/api/meta/notes', 'POST', { category: 'observation', title: 't' }, 401, 403, 201, 201],
    ['/api/docker/simulations/nope/logs', 'GET', undefined, 401, 403, 404, 404],
    ['/api/auth/keys', 'GET', undefined, 401, 403, 403, 200],
    ['/healthz', 'GET', undefined, 200, 200, 200, 200],
  ] as const)('%s %s: as nobody, viewer, operator, admin', async (path, method, body, ...want) => {
    const got = [];
    for (const key of [undefined, viewer.key, operator.key, ADMIN]) {
      got.push((await call(method, path, key, body)).status);
    }
    expect(got).toEqual(want);
  });

  it('tells a wrong key (401) from a missing role (403)', async () => {
    const last = viewer.key.at(-1) === 'x' ? 'y' : 'x';
    const wrong = await call('GET', '/api/meta/notes', `${viewer.key.slice(0, -1)}${last}`);
    expect([wrong.status, ((await wrong.json()) as { message: string }).message]).toEqual([
      401,
      'that API key is not valid',
    ]);
    const denied = await call('GET', '/api/auth/keys', viewer.key);
    expect(((await denied.json()) as { message: string }).message).toBe(
      'needs the admin role; dashboard-tv is viewer',
    );
  });

  it('records who wrote a note', async () => {
    const res = await call('POST', '/api/meta/notes', operator.key, {
      category: 'observation',
      title: 'signed',
    });
    expect(((await res.json()) as { author?: object }).author).toEqual({
      id: operator.id,
      name: 'alice',
      via: 'key',
    });
  });

  it('records who registered a run and sent its events, and who enqueued and moved an objective', async () => {
    const alice = new SimscopeClient({ baseUrl: base, token: operator.key });
    const byAlice = { id: operator.id, name: 'alice', via: 'key' };
    const byAdmin = { id: 'bootstrap', name: 'bootstrap admin', via: 'key' };

    const run = await alice.createRun({ type: 'evaluation', title: 'authored' });
    const moved = await admin().runEvent(run.id, { status: 'running' });
    expect([run.author, run.updatedBy, moved.author, moved.updatedBy]).toEqual([
      byAlice,
      undefined,
      byAlice,
      byAdmin,
    ]);

    const objective = await alice.enqueueObjective({ objective: 'look at authored' });
    const claimed = await admin().transitionObjective(objective.id, { state: 'claimed' });
    expect([objective.author, claimed.author, claimed.updatedBy]).toEqual([
      byAlice,
      byAlice,
      byAdmin,
    ]);
    // As stored: a restart-free read gives the same.
    expect((await alice.run(run.id)).updatedBy).toEqual(byAdmin);
  });

  it('needs a key on the socket, refuses logs to a viewer, and closes a socket when its key is revoked', async () => {
    const nobody = connect(base);
    await expect(firstSnapshot(nobody)).rejects.toThrow('unauthorized');
    nobody.close();

    const temp = await createKey('temp', 'viewer');
    const socket: TypedSocket = connect(base, { token: temp.key });
    try {
      await firstSnapshot(socket);
      const follow = await socket.emitWithAck('logs:follow', { id: 'x' });
      expect(follow).toMatchObject({ ok: false, error: 'forbidden' });

      const closing = new Promise((r) => socket.once('live:closing', r));
      const gone = new Promise((r) => socket.once('disconnect', r));
      await admin().revokeApiKey(temp.id);
      await expect(closing).resolves.toEqual({
        reason: 'revoked',
        detail: 'the API key was revoked',
      });
      await gone;
      expect((await call('GET', '/api/meta/notes', temp.key)).status).toBe(401);
    } finally {
      socket.close();
    }
  });

  it('limits failed attempts per client address (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await call('GET', '/api/meta/notes', `ssk_000000000000_${'x'.repeat(32)}`)).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const last = await call('GET', '/api/meta/notes', operator.key);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    const metrics = await (await call('GET', '/metrics')).text();
    expect(metrics).toMatch(/^simscope_auth_failures_total\{reason="invalid"\} (1[0-9])$/m);
    expect(metrics).toMatch(/^simscope_auth_failures_total\{reason="rate_limited"\} [1-9]/m);
  });
});
