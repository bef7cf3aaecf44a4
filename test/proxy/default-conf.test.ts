import type { CapacityRefusal, DockerSimulationsDelta } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { startTestDns, type TestDns } from '../support/dns.js';
import { eventually } from '../support/eventually.js';
import {
  createNetwork,
  dockerCli,
  runContainer,
  testEngineHost,
  uniqueName,
} from '../support/factories.js';
import { connect, firstSnapshot, recordDeltas, type TypedSocket } from '../support/live.js';
import { freePort, rawGet } from '../support/net.js';
import {
  CONSOLE_DIST,
  nginxMissing,
  nginxTest,
  renderConfig,
  startNginx,
  type RunningNginx,
} from '../support/nginx.js';
import { removeTestContainers } from '../support/engine.js';
import { describeWhen } from '../support/needs.js';

const describeNginx = describeWhen(nginxMissing(), 'The proxy tests');

/** The shipped nginx/default.conf, pointed at this test's server, port, console and resolver. */
function site(serverPort: number, nginxPort: number, dnsPort: number): string {
  return renderConfig('default.conf', [
    ['server server:3000;', `server 127.0.0.1:${serverPort};`],
    ['listen 8080;', `listen 127.0.0.1:${nginxPort};`],
    ['root /usr/share/nginx/html;', `root ${CONSOLE_DIST};`],
    ['resolver 127.0.0.11 valid=10s', `resolver 127.0.0.1:${dnsPort} valid=10s`],
  ]);
}

describeNginx('nginx/default.conf', () => {
  const network = uniqueName('simnet');
  let running: RunningApp;
  let nginx: RunningNginx;
  let dns: TestDns;
  let base: string;
  const sockets: TypedSocket[] = [];
  /** Container name → its address on the test network, for the stand-in DNS. */
  const addresses = new Map<string, string>();

  beforeAll(async () => {
    createNetwork(network);
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_RECONCILE_MS: '3600000',
      SIMSCOPE_NETWORK: network,
      SIMSCOPE_TRUST_PROXY: 'loopback',
      SIMSCOPE_SIM_ROUTES: 'on',
      RUNTIME_WS_MAX_CLIENTS_PER_IP: '1',
    });
    dns = await startTestDns((name) => addresses.get(name) ?? null);
    const port = await freePort();
    const serverPort = Number(new URL(running.baseUrl).port);
    nginx = await startNginx(site(serverPort, port, dns.port), port);
    base = `http://127.0.0.1:${port}`;
  }, 60_000);

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await nginx?.stop();
    await dns?.close();
    await running?.close();
    removeTestContainers(testEngineHost());
  }, 60_000);

  it('passes nginx -t as shipped (upstream, port, root and resolver rendered)', () => {
    const result = nginxTest(site(3000, 8080, 53));
    expect(result.output).toContain('syntax is ok');
    expect(result.ok).toBe(true);
  });

  it('proxies the API, with the security headers', async () => {
    const res = await fetch(`${base}/api/docker/simulations`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { schema: string }).schema).toBe(
      'simscope.docker-simulations.v1',
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control') ?? '').not.toContain('immutable');
    // The API's own static files (the OpenAPI page's) are the API's, not the console's assets.
    const css = await fetch(`${base}/api/docs/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    // Signing in is the server's too (here not in oidc mode: its own plain 404, not index.html).
    const login = await fetch(`${base}/auth/login`, { headers: { accept: 'text/html' } });
    expect([login.status, await login.text()]).toEqual([404, 'Not found\n']);
  });

  it('serves index.html uncached and hashed bundles immutable and gzipped', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await index.text();
    const main = /src="(main-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    expect(main).toBeDefined();

    const asset = await fetch(`${base}/${main}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');

    // Every preloaded chunk over nginx's gzip_min_length (1 KB) goes out gzipped; which chunk comes
    // first in index.html depends on the build, so each is checked by its own size.
    const chunks = [...html.matchAll(/href="(chunk-[A-Z0-9]{8}\.js)"/g)].map((m) => m[1]);
    const big: string[] = [];
    for (const name of chunks) {
      const plain = await fetch(`${base}/${name}`, { headers: { 'accept-encoding': 'identity' } });
      if ((await plain.arrayBuffer()).byteLength > 1024) {
        big.push(name);
        const gz = await fetch(`${base}/${name}`, { headers: { 'accept-encoding': 'gzip' } });
        expect([name, gz.headers.get('content-encoding')]).toEqual([name, 'gzip']);
      }
    }
    expect(big.length).toBeGreaterThan(0);
  });

  it('falls back to index.html for console routes, but not for missing files', async () => {
    const route = await fetch(`${base}/dashboard/meta`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<sim-root');
    expect((await fetch(`${base}/chunk-AAAAAAAA.js`)).status).toBe(404);
  });

  it('proxies /healthz, /readyz and (from a private address) /metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect([200, 503]).toContain((await fetch(`${base}/readyz`)).status);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('simscope_');
  });

  it('carries the WebSocket: a snapshot, then a delta when a container starts', async () => {
    const socket = connect(base, { transports: ['websocket'] });
    sockets.push(socket);
    const snapshot = await firstSnapshot(socket);
    expect(snapshot.schema).toBe('simscope.docker-simulations.v1');
    const deltas = recordDeltas(socket);

    const name = uniqueName('sim-proxied');
    runContainer({ name, labels: { 'simscope.experiment': 'proxy' } });

    await eventually(
      () => deltas.some((d: DockerSimulationsDelta) => d.upserts.some((c) => c.name === name)),
      10_000,
      'a delta naming the new container through nginx',
    );
  });

  it('counts the client behind the proxy by its own address, not the one it claims, and passes the cap’s 503 through unchanged', async () => {
    // Per-IP cap 1. Clients come from distinct loopback addresses (the whole of 127/8 is local), so
    // nginx sees each one's own $remote_addr; what they claim in X-Forwarded-For is dropped at the edge.
    const handshake = (from: string, claim?: string) =>
      rawGet(`${base}/socket.io/?EIO=4&transport=polling`, {
        localAddress: from,
        headers: claim ? { 'x-forwarded-for': claim } : {},
      });
    // Each accepted handshake is an engine.io session holding its address's slot until it times out.
    expect((await handshake('127.0.0.2')).status).toBe(200);
    expect((await handshake('127.0.0.3', '127.0.0.9')).status).toBe(200);
    // Claiming to be someone else does not get a second slot.
    const refused = await handshake('127.0.0.2', '198.51.100.77');
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toContain('application/json');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(refused.body) as CapacityRefusal).toEqual({
      error: 'websocket_capacity_reached',
      max: 1,
      current: 1,
      retryAfterMs: expect.any(Number) as number,
      scope: 'per-ip',
    });
  });

  /** GET a path exactly as written (fetch would resolve dot segments first); resolves the status. */
  const rawStatus = async (path: string) => (await rawGet(`${base}/`, { path })).status;

  /**
   * A sim serving files and a CGI page that tries what a hostile or careless sim could: set a cookie
   * on the console's origin, wipe its storage, and make nginx serve an internal path as its answer.
   */
  async function startWebSim(name: string, labels: Record<string, string> = {}) {
    runContainer({
      name,
      network,
      labels: { 'simscope.enable': 'true', 'simscope.port': '8080', ...labels },
      command: [
        'sh',
        '-c',
        [
          '/bin/busybox mkdir -p /www/cgi-bin',
          'echo "hello from $HOSTNAME" > /www/index.html',
          'echo "console.log(1)" > /www/app.js',
          // A file whose name holds a "?": reachable only if the path arrives as it was sent (%3f).
          "echo raw-path > '/www/a?b'",
          'printf \'#!/bin/sh\\necho "Content-Type: text/plain"\\necho "Set-Cookie: token=stolen; Path=/"\\necho "Set-Cookie: pref=dark; Path=/settings; Domain=example.org"\\necho "Clear-Site-Data: storage"\\necho "X-Accel-Redirect: /api/docker/status"\\necho\\necho from-cgi\\n\' > /www/cgi-bin/h',
          '/bin/busybox chmod +x /www/cgi-bin/h',
          'exec /bin/busybox httpd -f -p 8080 -h /www',
        ].join(' && '),
      ],
    });
    const ip = dockerCli([
      'inspect',
      '-f',
      `{{ (index .NetworkSettings.Networks "${network}").IPAddress }}`,
      name,
    ]);
    addresses.set(name, ip);
    return eventually(
      async () => {
        const c = (await running.client.simulations({ q: name })).containers[0];
        return c?.route.path ? c : undefined;
      },
      10_000,
      'the simulation listed with its route',
    );
  }

  it('reaches a simulation’s own web port at /sim/<name>/', async () => {
    const name = uniqueName('sim-web');
    const sim = await startWebSim(name);
    expect(sim.route).toEqual({
      path: `/sim/${name}/`,
      port: 8080,
      targetPath: '/',
      cookies: false,
    });

    const res = await eventually(
      async () => {
        const r = await fetch(`${base}/sim/${name}/index.html`);
        return r.status === 200 ? r : undefined;
      },
      10_000,
      'the simulation answering through nginx',
    );
    expect(await res.text()).toContain('hello from');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(dns.queries).toContain(name);

    // A sim's own scripts and styles reach the sim (the console's asset rule does not take them).
    const js = await fetch(`${base}/sim/${name}/app.js`);
    expect(js.status).toBe(200);
    expect((await js.text()).trim()).toBe('console.log(1)');
    const cgi = await fetch(`${base}/sim/${name}/cgi-bin/h`);
    expect((await cgi.text()).trim()).toBe('from-cgi');
    expect(cgi.headers.get('set-cookie')).toBeNull();
    expect(cgi.headers.get('clear-site-data')).toBeNull();

    // The path reaches the sim as the client sent it: %3f stays part of the path, not a query.
    const raw = await fetch(`${base}/sim/${name}/a%3fb`);
    expect([raw.status, (await raw.text()).trim()]).toEqual([200, 'raw-path']);
    // Dot segments, encoded or not, never reach the sim (sent raw: fetch would resolve them); an
    // encoded "%2e%2e" arrives as those bytes, which the sim reads as a name, not as "..".
    for (const [path, status] of [
      ['x/%2e%2e/y', 400],
      ['x/%2E./y', 400],
      ['x/./y', 400],
      ['x/../y', 400],
      ['x/%252e%252e/y', 404],
    ] as const) {
      expect([path, await rawStatus(`/sim/${name}/${path}`)]).toEqual([path, status]);
    }

    // The redirect names only the path: nginx's own port is not the one the browser used.
    const bare = await fetch(`${base}/sim/${name}`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe(`/sim/${name}/`);
  });

  it('lets a sim labelled simscope.cookies=true set cookies, scoped to its own /sim/<name>/ path', async () => {
    const name = uniqueName('sim-cookie');
    const sim = await startWebSim(name, { 'simscope.cookies': 'true' });
    expect(sim.route).toMatchObject({ path: `/sim/${name}/`, cookies: true });

    const cgi = await eventually(
      async () => {
        const r = await fetch(`${base}/sim/${name}/cgi-bin/h`);
        return r.status === 200 ? r : undefined;
      },
      10_000,
      'the cookie sim answering through nginx',
    );
    expect((await cgi.text()).trim()).toBe('from-cgi');
    expect(cgi.headers.getSetCookie()).toEqual([
      `token=stolen; Path=/sim/${name}/`,
      `pref=dark; Path=/sim/${name}/; Domain=127.0.0.1`,
    ]);
    // Everything else a sim may not do stays stopped, and the page stays sandboxed.
    expect(cgi.headers.get('clear-site-data')).toBeNull();
    expect(cgi.headers.get('content-security-policy')).toContain('sandbox');
    // Files, raw paths and dot-segment refusals work as for any sim.
    expect((await (await fetch(`${base}/sim/${name}/app.js`)).text()).trim()).toBe(
      'console.log(1)',
    );
    const raw = await fetch(`${base}/sim/${name}/a%3fb`);
    expect([raw.status, (await raw.text()).trim()]).toEqual([200, 'raw-path']);
    expect(await rawStatus(`/sim/${name}/x/../y`)).toBe(400);
  });

  it('answers 404 for names outside the rules without asking any upstream, and for unknown ones', async () => {
    const bad = await fetch(`${base}/sim/-evil.example.com:80/`);
    expect(bad.status).toBe(404);
    const unknown = await fetch(`${base}/sim/sim-nobody-here/`);
    expect(unknown.status).toBe(404);

    const log = nginx.accessLog();
    const lines = (uri: string) => log.filter((l) => l.includes(` ${uri} `));
    // The bad name stopped at nginx: no route lookup, no upstream at all.
    expect(lines('/sim/-evil.example.com:80/')).toEqual([
      'GET /sim/-evil.example.com:80/ uri=/sim/-evil.example.com:80/ 404 upstream=-',
    ]);
    // The unknown (valid) name was looked up in simscope, refused, and no simulation was contacted.
    const unknownLines = lines('/sim/sim-nobody-here/');
    expect(
      unknownLines.some((l) => /uri=\/_simscope_route 403 upstream=127\.0\.0\.1:\d+$/.test(l)),
    ).toBe(true);
    expect(unknownLines.at(-1)).toMatch(/ 404 upstream=-$/);
    expect(dns.queries).not.toContain('sim-nobody-here');
  });
});
