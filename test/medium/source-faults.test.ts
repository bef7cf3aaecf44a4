import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimscopeClient, type DockerStatusPayload } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { docker, stoppableEngine, type StoppableEngine } from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import { runContainer, testEngineHost, uniqueName } from '../support/factories.js';
import { freePort } from '../support/net.js';
import { hangingRelay, type HangingRelay } from '../support/relay.js';

/** A data directory the unprivileged user can write. */
function nobodyDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'simscope-nobody-'));
  chownSync(dir, 65534, 65534);
  return dir;
}

describe('when the engine goes away and comes back', () => {
  // An engine of this test's own, reached over tcp on loopback, so stopping it disturbs no other test.
  let engine: StoppableEngine;
  let plan: StoppableEngine['plan'];
  let tcpHost: string;
  let running: RunningApp;

  beforeAll(async () => {
    engine = await stoppableEngine('faults', await freePort());
    ({ plan, tcpHost } = engine);
    running = await startApp({ DOCKER_HOST: tcpHost, SIMSCOPE_RECONCILE_MS: '3600000' });
  }, 90_000);

  afterAll(async () => {
    await running?.close();
    await engine?.dispose();
  }, 90_000);

  it('serves the last inventory as stale with a diagnosis, then is live and exact again', async () => {
    const name = uniqueName('sim-survivor');
    const id = runContainer({ host: plan.host, name });
    await eventually(
      async () => (await running.client.simulations()).containers.some((c) => c.id === id),
      5000,
      'container seen',
    );

    await engine.stop();

    const stale = await eventually(
      async () => {
        const s = await running.client.simulations();
        return s.source.status === 'stale' ? s : undefined;
      },
      10_000,
      'stale',
    );
    expect(stale.source.diagnosis).toMatchObject({
      code: 'daemon-unreachable',
      endpoint: tcpHost,
      dockerHostSet: true,
    });
    expect(stale.source.staleSince).toEqual(expect.any(String));
    expect(stale.containers.map((c) => c.id)).toContain(id);

    await engine.start();

    const live = await eventually(
      async () => {
        const s = await running.client.simulations();
        return s.source.status === 'live' ? s : undefined;
      },
      20_000,
      'live again',
    );
    // Exact: what the engine now says (the container was stopped with the daemon) is what we serve.
    const state = docker(plan.host, ['inspect', '-f', '{{.State.Status}}', id]);
    expect(live.containers.find((c) => c.id === id)?.state).toBe(state);
    expect(live.source.diagnosis).toBeUndefined();
    const fresh = await startApp({ DOCKER_HOST: tcpHost });
    try {
      const other = await eventually(
        async () => {
          const s = await fresh.client.simulations();
          return s.source.status === 'live' ? s : undefined;
        },
        10_000,
        'second server live',
      );
      expect(other.fingerprint).toBe(live.fingerprint);
    } finally {
      await fresh.close();
    }
  }, 90_000);
});

describe('when the socket refuses this user', () => {
  const serverMain = fileURLToPath(new URL('../../apps/server/dist/main.js', import.meta.url));
  let child: ChildProcess | undefined;
  afterEach(() => child?.kill('SIGTERM'));

  it('diagnoses permission-denied (the server run as nobody)', async () => {
    expect(existsSync(serverMain)).toBe(true); // npm test builds the server before this tier
    const port = await freePort();
    child = spawn(process.execPath, [serverMain], {
      uid: 65534,
      gid: 65534,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        DOCKER_HOST: testEngineHost(),
        SIMSCOPE_DATA_DIR: nobodyDataDir(),
        LOG_LEVEL: 'error',
        LOG_FORMAT: 'json',
      },
      stdio: 'ignore',
    });
    const client = new SimscopeClient({ baseUrl: `http://127.0.0.1:${port}` });

    const status = await eventually<DockerStatusPayload>(
      async () => {
        const s = await client.dockerStatus();
        return s.source.diagnosis ? s : undefined;
      },
      15_000,
      'diagnosis',
    );

    expect(status.reachable).toBe(false);
    expect(status.source.diagnosis).toMatchObject({
      code: 'permission-denied',
      endpoint: testEngineHost(),
    });
    expect(status.source.diagnosis?.remediation).toMatch(/group/);
  });
});

describe('when the engine hangs (connections open, _ping answers, nothing else does)', () => {
  let relay: HangingRelay;
  let running: RunningApp;

  beforeAll(async () => {
    relay = await hangingRelay(testEngineHost().replace(/^unix:\/\//, ''));
    running = await startApp({ DOCKER_HOST: relay.host, SIMSCOPE_RECONCILE_MS: '3600000' });
    await eventually(async () => (await running.client.dockerStatus()).reachable, 10_000, 'live');
  }, 60_000);

  afterAll(async () => {
    relay?.recover();
    await running?.close();
    await relay?.close();
  }, 60_000);

  it('turns stale as daemon-hung within 10 s, keeps the last inventory, and is exact again after', async () => {
    const before = runContainer({ name: uniqueName('sim-hang-before') });
    await eventually(
      async () => (await running.client.simulations()).containers.some((c) => c.id === before),
      10_000,
      'listed before the hang',
    );

    relay.hang();
    const hungAt = Date.now();
    // Directly on the engine (not through the relay): a change the server cannot see while hung.
    const during = runContainer({ name: uniqueName('sim-hang-during') });
    const stale = await eventually(
      async () => {
        const s = await running.client.dockerStatus();
        return s.source.status === 'stale' ? s : undefined;
      },
      12_000,
      'stale',
    );
    expect(Date.now() - hungAt).toBeLessThan(10_000);
    expect(stale.source.diagnosis?.code).toBe('daemon-hung');
    const kept = await running.client.simulations();
    expect(kept.containers.map((c) => c.id)).toContain(before);
    expect(kept.containers.map((c) => c.id)).not.toContain(during);

    relay.recover();
    const back = await eventually(
      async () => {
        const inv = await running.client.simulations();
        return inv.source.status === 'live' && inv.containers.some((c) => c.id === during)
          ? inv
          : undefined;
      },
      20_000,
      'live and exact again',
    );
    expect(back.containers.map((c) => c.id)).toEqual(expect.arrayContaining([before, during]));
  }, 60_000);
});
