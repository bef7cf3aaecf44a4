import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeHealthPayload, SimulationGuardEvent } from '@simscope/contracts';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { startApp, type RunningApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { removeContainer, runContainer, testEngineHost, uniqueName } from '../support/factories.js';
import { connect, firstSnapshot } from '../support/live.js';
import { blockFor } from '../support/block.js';

describe('the pressure guard', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_RECONCILE_MS: '1000',
      RUNTIME_HEALTH_SAMPLE_MS: '200',
      RUNTIME_GUARD_EVENT_LOOP_P99_DEGRADED_MS: '100',
      RUNTIME_GUARD_EVENT_LOOP_P99_CRITICAL_MS: '250',
      RUNTIME_GUARD_ENTER_AFTER: '2',
      RUNTIME_GUARD_LEAVE_AFTER: '3',
      RUNTIME_GUARD_REFUSE_WS_ON_CRITICAL: 'true',
    });
    await eventually(async () => (await running.client.dockerStatus()).reachable, 10_000, 'live');
  });
  afterAll(async () => running.close());

  it('goes critical under a blocked event loop, stretches and sheds work, tells sockets, and recovers', async () => {
    const socket = connect(running.baseUrl);
    const health: RuntimeHealthPayload[] = [];
    const guardEvents: SimulationGuardEvent[] = [];
    socket.on('runtime_health', (h) => health.push(h));
    socket.on('simulation_guard', (e) => guardEvents.push(e));
    await firstSnapshot(socket);
    await eventually(() => health.length > 0, 2000, 'runtime_health on connect');
    expect(health[0]?.mode).toBe('normal');

    // Two samples at 200 ms with 400 ms stalls in between: critical within two samples.
    await blockFor(1200, 400);
    const critical = await eventually(
      async () => {
        const h = await running.client.runtimeHealth();
        return h.mode === 'critical' ? h : undefined;
      },
      2000,
      'critical',
    );
    expect(critical.reasons.join(' ')).toMatch(/event-loop delay p99/);
    expect(critical.tasks.find((t) => t.name === 'docker.reconcile')).toMatchObject({
      expensive: true,
      baseIntervalMs: 1000,
      effectiveIntervalMs: 4000,
    });
    expect(critical.tasks.find((t) => t.name === 'health.sample')?.effectiveIntervalMs).toBe(200);
    // New sockets are refused while critical (RUNTIME_GUARD_REFUSE_WS_ON_CRITICAL), with a reason;
    // leaving critical takes 3 good samples (600 ms), far longer than this one request.
    const refused = await fetch(`${running.baseUrl}/socket.io/?EIO=4&transport=polling`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({
      error: 'websocket_capacity_reached',
      scope: 'guard',
      reason: expect.stringMatching(/critical pressure/),
    });

    // Keep it critical until the reconcile comes due and is shed.
    const shed = async () => {
      for (let i = 0; i < 30 && !guardEvents.some((e) => e.task === 'docker.reconcile'); i++) {
        await blockFor(400, 350);
      }
    };
    await shed();
    expect(guardEvents[0]).toMatchObject({
      task: 'docker.reconcile',
      mode: 'critical',
      count: expect.any(Number),
    });
    expect(health.some((h) => h.mode === 'critical')).toBe(true);

    const normal = await eventually(
      async () => {
        const h = await running.client.runtimeHealth();
        return h.mode === 'normal' ? h : undefined;
      },
      5000,
      'back to normal',
    );
    expect(normal.tasks.find((t) => t.name === 'docker.reconcile')?.effectiveIntervalMs).toBe(1000);
    await eventually(
      () => health.at(-1)?.mode === 'normal',
      2000,
      'sockets told it is normal again',
    );
    socket.disconnect();
  }, 60_000);
});

describe('/metrics, /healthz and /readyz', () => {
  let running: RunningApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'simscope-ready-')), 'data');
    running = await startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_DATA_DIR: dataDir });
    await eventually(async () => (await running.client.dockerStatus()).reachable, 10_000, 'live');
  });
  afterAll(async () => running.close());

  it('exposes Prometheus text whose gauges match the inventory', async () => {
    const cluster = uniqueName('metrics');
    const id = runContainer({
      name: uniqueName('sim-metrics'),
      labels: { 'simscope.cluster': cluster },
    });
    await eventually(
      async () => (await running.client.simulations({ cluster })).containers.length === 1,
      2000,
      'seen',
    );

    const res = await fetch(`${running.baseUrl}/metrics`);
    const families = parsePrometheusTextFormat(await res.text());
    const family = (name: string) => families.find((f) => f.name === name);
    const snap = await running.client.simulations();

    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const mine = family('simscope_containers')?.metrics.find((m) => m.labels?.cluster === cluster);
    expect(mine).toMatchObject({ labels: { phase: 'running', cluster }, value: '1' });
    const byPhase = family('simscope_containers_by_phase')?.metrics ?? [];
    for (const [phase, n] of Object.entries(snap.counts.byPhase)) {
      expect(byPhase.find((m) => m.labels?.phase === phase)?.value).toBe(String(n));
    }
    expect(family('simscope_docker_reachable')?.metrics[0]?.value).toBe('1');
    expect(
      family('simscope_guard_mode')?.metrics.find((m) => m.labels?.mode === 'normal')?.value,
    ).toBe('1');
    expect(Number(family('simscope_docker_events_total')?.metrics[0]?.value)).toBeGreaterThan(0);
    expect(family('process_cpu_user_seconds_total')).toBeDefined();
    removeContainer(id);
  });

  it('answers /healthz, and /readyz only while the data directory can be written', async () => {
    expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${running.baseUrl}/readyz`)).status).toBe(200);

    // Tests run as root, so a regular file where the directory should be is what makes it unwritable.
    rmSync(dataDir, { recursive: true, force: true });
    writeFileSync(dataDir, 'not a directory');
    const notReady = await fetch(`${running.baseUrl}/readyz`);
    const body = (await notReady.json()) as { checks: { dataDir: { ok: boolean; error: string } } };
    expect(notReady.status).toBe(503);
    expect(body.checks.dataDir).toMatchObject({
      ok: false,
      error: expect.stringMatching(/EEXIST|ENOTDIR/),
    });

    rmSync(dataDir, { force: true });
    expect((await fetch(`${running.baseUrl}/readyz`)).status).toBe(200);
  });
});

describe('security headers without nginx (npm start)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ DOCKER_HOST: testEngineHost() });
  }, 60_000);
  afterAll(() => running?.close(), 60_000);

  /** The value nginx/default.conf adds for a header at the server level. */
  const nginxHeader = (name: string): string => {
    const conf = readFileSync(join(process.cwd(), 'nginx/default.conf'), 'utf8');
    const m = new RegExp(`^    add_header ${name} (?:"([^"]+)"|(\\S+)) always;`, 'm').exec(conf);
    if (!m) {
      throw new Error(`nginx/default.conf sets no ${name}`);
    }
    return m[1] ?? m[2] ?? '';
  };

  it.each([['/'], ['/dashboard/meta'], ['/api/docker/status'], ['/healthz']])(
    '%s carries the same policy and headers as the nginx entry point',
    async (path) => {
      const res = await fetch(`${running.baseUrl}${path}`);
      await res.text();
      const directives = (csp: string | null) => (csp ?? '').split(';').map((d) => d.trim());
      expect(directives(res.headers.get('content-security-policy'))).toEqual(
        directives(nginxHeader('Content-Security-Policy')),
      );
      expect(res.headers.get('x-content-type-options')).toBe(nginxHeader('X-Content-Type-Options'));
      expect(res.headers.get('referrer-policy')).toBe(nginxHeader('Referrer-Policy'));
      expect(res.headers.get('x-frame-options')).toBe(nginxHeader('X-Frame-Options'));
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );
});
