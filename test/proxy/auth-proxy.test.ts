import { createServer, type Server } from 'node:http';
import type { Me } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { testEngineHost } from '../support/factories.js';
import { connect, firstSnapshot, type TypedSocket } from '../support/live.js';
import { freePort, rawGet } from '../support/net.js';
import {
  CONSOLE_DIST,
  nginxMissing,
  nginxTest,
  renderConfig,
  startNginx,
  type RunningNginx,
} from '../support/nginx.js';
import { describeWhen } from '../support/needs.js';

const describeNginx = describeWhen(nginxMissing(), 'The proxy tests');

/** The stand-in for oauth2-proxy's sessions: cookie value → who it is. */
const SESSIONS: Record<string, { user: string; email: string; groups: string }> = {
  'alice-session': { user: 'alice', email: 'alice@example.org', groups: 'staff,ops-admins' },
  'bob-session': { user: 'bob', email: 'bob@example.org', groups: 'sim-team' },
  'carol-session': { user: 'carol', email: 'carol@example.org', groups: '' },
};

/**
 * A small auth endpoint that answers like oauth2-proxy with --set-xauthrequest: /oauth2/auth is 202
 * with X-Auth-Request-* for a known session cookie, 401 otherwise; /oauth2/start is its sign-in page.
 */
function startAuthEndpoint(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const session = /(?:^|;\s*)_oauth2_proxy=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const who = session ? SESSIONS[session] : undefined;
    if (req.url?.startsWith('/oauth2/auth')) {
      if (!who) {
        res.writeHead(401).end();
        return;
      }
      res
        .writeHead(202, {
          'X-Auth-Request-User': who.user,
          'X-Auth-Request-Email': who.email,
          'X-Auth-Request-Groups': who.groups,
        })
        .end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('sign in here');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    ),
  );
}

function site(serverPort: number, authPort: number, nginxPort: number): string {
  return renderConfig('auth-proxy.example.conf', [
    ['server server:3000;', `server 127.0.0.1:${serverPort};`],
    ['server oauth2-proxy:4180;', `server 127.0.0.1:${authPort};`],
    ['listen 8080;', `listen 127.0.0.1:${nginxPort};`],
    ['root /usr/share/nginx/html;', `root ${CONSOLE_DIST};`],
  ]);
}

describeNginx('SIMSCOPE_AUTH=proxy behind nginx/auth-proxy.example.conf', () => {
  let running: RunningApp;
  let auth: { server: Server; port: number };
  let nginx: RunningNginx;
  let edge: string;
  const sockets: TypedSocket[] = [];

  const asSession = (session: string | null, extra: Record<string, string> = {}) => ({
    ...(session ? { cookie: `_oauth2_proxy=${session}` } : {}),
    ...extra,
  });
  const call = (path: string, session: string | null, init: RequestInit = {}) =>
    fetch(`${edge}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...asSession(session), ...(init.headers as Record<string, string>) },
    });

  beforeAll(async () => {
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_RECONCILE_MS: '3600000',
      SIMSCOPE_AUTH: 'proxy',
      // nginx connects from 127.0.0.1; a client on 127.0.0.3 is not the proxy.
      SIMSCOPE_TRUST_PROXY: '127.0.0.1',
      SIMSCOPE_ROLE_GROUPS: 'admin:ops-admins,operator:sim-team',
    });
    auth = await startAuthEndpoint();
    const port = await freePort();
    nginx = await startNginx(site(Number(new URL(running.baseUrl).port), auth.port, port), port);
    edge = `http://127.0.0.1:${port}`;
  }, 60_000);

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await nginx?.stop();
    await new Promise((r) => auth?.server.close(r));
    await running?.close();
  }, 60_000);

  it('passes nginx -t as shipped (upstreams, port and root rendered)', () => {
    const result = nginxTest(site(3000, 4180, 8080));
    expect(result.output).toContain('syntax is ok');
    expect(result.ok).toBe(true);
  });

  it('sends a browser that is not signed in to sign in, and answers the API 401', async () => {
    const page = await call('/simulations', null);
    expect([page.status, page.headers.get('location')]).toEqual([
      302,
      '/oauth2/start?rd=/simulations',
    ]);
    expect((await call('/api/auth/me', null)).status).toBe(401);
    expect((await call('/healthz', null)).status).toBe(200);
    expect(await (await call('/oauth2/start', null)).text()).toBe('sign in here');
  });

  it.each([
    ['alice-session', { user: { id: 'alice', name: 'alice' }, role: 'admin', via: 'proxy' }],
    ['bob-session', { user: { id: 'bob', name: 'bob' }, role: 'operator', via: 'proxy' }],
    // Signed in, in no mapped group: the default role.
    ['carol-session', { user: { id: 'carol', name: 'carol' }, role: 'viewer', via: 'proxy' }],
  ])("knows %s by the proxy's headers, with the role of its groups", async (session, me) => {
    expect(await (await call('/api/auth/me', session)).json()).toEqual(me);
  });

  it('replaces identity headers a signed-in client sends itself', async () => {
    const forged = {
      'X-Forwarded-User': 'alice',
      'X-Forwarded-Groups': 'ops-admins',
      'X-Auth-Request-User': 'alice',
    };
    const me = (await (
      await call('/api/auth/me', 'bob-session', { headers: forged })
    ).json()) as Me;
    expect([me.user?.name, me.role]).toEqual(['bob', 'operator']);
    expect((await call('/api/auth/keys', 'bob-session', { headers: forged })).status).toBe(403);
  });

  it('ignores identity headers from a client that is not the proxy', async () => {
    const direct = await rawGet(`${running.baseUrl}/api/auth/me`, {
      localAddress: '127.0.0.3',
      headers: { 'X-Forwarded-User': 'alice', 'X-Forwarded-Groups': 'ops-admins' },
    });
    expect(direct.status).toBe(401);
    expect(JSON.parse(direct.body)).toMatchObject({
      message:
        'sign in through the authenticating proxy, or send an API key (Authorization: Bearer <key>)',
    });
    const metrics = await (await fetch(`${running.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^simscope_auth_failures_total\{reason="untrusted_proxy"\} [1-9]/m);
  });

  it("records the signed-in person as a note's author, and lets a viewer only read", async () => {
    const note = { category: 'observation', title: 'seen through the proxy' };
    const post = (session: string) =>
      call('/api/meta/notes', session, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(note),
      });
    const written = await post('bob-session');
    expect(written.status).toBe(201);
    expect(((await written.json()) as { author: object }).author).toEqual({
      id: 'bob',
      name: 'bob',
      via: 'proxy',
    });
    expect((await post('carol-session')).status).toBe(403);
  });

  it("opens the live stream for a session through the proxy, with that session's role", async () => {
    const bob = connect(edge, { headers: asSession('bob-session') });
    sockets.push(bob);
    await firstSnapshot(bob);
    expect(await bob.emitWithAck('logs:follow', { id: 'nope' })).toMatchObject({ ok: false });
    expect(await bob.emitWithAck('logs:follow', { id: 'nope' })).not.toMatchObject({
      error: 'forbidden',
    });

    const carol = connect(edge, { headers: asSession('carol-session') });
    sockets.push(carol);
    await firstSnapshot(carol);
    expect(await carol.emitWithAck('logs:follow', { id: 'nope' })).toMatchObject({
      ok: false,
      error: 'forbidden',
    });

    const nobody = connect(edge, { transports: ['polling'] });
    sockets.push(nobody);
    await expect(firstSnapshot(nobody)).rejects.toThrow();
  });
});
