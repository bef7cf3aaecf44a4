import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerSimulationsDelta, HostSummary } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { makeCerts } from '../support/certs.js';
import {
  docker,
  ensureTestImage,
  privatePlan,
  startPrivateEngine,
  stopPrivateEngine,
  stoppableEngine,
  type StoppableEngine,
} from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import { runContainer, uniqueName } from '../support/factories.js';
import { connect, firstSnapshot, recordDeltas, type TypedSocket } from '../support/live.js';
import { freePort } from '../support/net.js';

const run = (host: string, name: string, labels: Record<string, string>): string =>
  runContainer({ host, name, labels });

describe('several engines at once', () => {
  let a: StoppableEngine;
  let b: StoppableEngine;
  const tlsPlan = privatePlan('mh-tls', { perRun: true });
  let tlsPort: number;
  let certsDir: string;
  let running: RunningApp;
  const sockets: TypedSocket[] = [];
  const names = { a: uniqueName('sim-mh-a'), b: uniqueName('sim-mh-b'), t: uniqueName('sim-mh-t') };

  beforeAll(async () => {
    [a, b] = await Promise.all([
      stoppableEngine('mh-a', await freePort()),
      stoppableEngine('mh-b', await freePort()),
    ]);
    certsDir = mkdtempSync(join(tmpdir(), 'simscope-certs-'));
    const certs = makeCerts(certsDir);
    tlsPort = await freePort();
    await startPrivateEngine(tlsPlan, [
      '--host',
      `tcp://127.0.0.1:${tlsPort}`,
      '--tlsverify',
      '--tlscacert',
      join(certs.server, 'ca.pem'),
      '--tlscert',
      join(certs.server, 'server-cert.pem'),
      '--tlskey',
      join(certs.server, 'server-key.pem'),
    ]);
    ensureTestImage(tlsPlan.host, tlsPlan.dir);
    run(a.plan.host, names.a, { 'simscope.experiment': 'shared' });
    run(b.plan.host, names.b, { 'simscope.experiment': 'shared' });
    run(tlsPlan.host, names.t, { 'simscope.enable': 'true' });
    const tcp = `tcp://127.0.0.1:${tlsPort}`;
    running = await startApp({
      SIMSCOPE_RECONCILE_MS: '3600000',
      SIMSCOPE_DOCKER_ENDPOINTS: [
        `a=${a.plan.host}`,
        `b=${b.plan.host}`,
        `secure=${tcp}?certs=${certs.client}`,
        `wrongca=${tcp}?certs=${certs.wrongCa}`,
      ].join(','),
    });
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await running?.close();
    await Promise.all([a?.dispose(), b?.dispose()]);
    await stopPrivateEngine(tlsPlan);
  }, 120_000);

  const hosts = async (): Promise<Record<string, HostSummary>> =>
    Object.fromEntries((await running.client.simulations()).hosts.map((h) => [h.name, h]));

  it('discovers every engine’s containers with their host; one experiment on two hosts is one cluster', async () => {
    const inv = await eventually(
      async () => {
        const i = await running.client.simulations();
        return i.containers.length >= 3 ? i : undefined;
      },
      15_000,
      'containers from three engines',
    );
    const hostOf = (name: string) => inv.containers.find((c) => c.name === name)?.host;
    expect([hostOf(names.a), hostOf(names.b), hostOf(names.t)]).toEqual(['a', 'b', 'secure']);
    const shared = inv.clusters.find((c) => c.name === 'shared');
    expect(shared).toMatchObject({ total: 2, hosts: { a: 1, b: 1 } });
    const byHost = await running.client.simulations({ host: 'b' });
    expect(byHost.containers.map((c) => c.name)).toEqual([names.b]);
    const id = inv.containers.find((c) => c.name === names.b)!.id;
    expect((await running.client.simulation(`b/${id}`)).name).toBe(names.b);
    await expect(running.client.simulation(`a/${id}`)).rejects.toMatchObject({ status: 404 });
  });

  it('diagnoses a wrong CA as a TLS error for that engine only', async () => {
    const h = await eventually(
      async () => {
        const all = await hosts();
        return all.wrongca?.diagnosis ? all : undefined;
      },
      15_000,
      'the wrong-CA engine diagnosed',
    );
    expect(h.wrongca).toMatchObject({
      status: 'unavailable',
      diagnosis: { code: 'tls-error', host: 'wrongca' },
    });
    expect(h.secure?.status).toBe('live');
    expect(h.secure?.endpoint).toBe(`https://127.0.0.1:${tlsPort}`);
    expect(h.a?.status).toBe('live');
  });

  it('verify=false accepts the engine whose CA it does not know, and sees its containers', async () => {
    // A second server: one engine watched twice in one inventory would collide on container ids.
    const tcp = `tcp://127.0.0.1:${tlsPort}`;
    const lax = await startApp({
      SIMSCOPE_RECONCILE_MS: '3600000',
      SIMSCOPE_DOCKER_ENDPOINTS: `noverify=${tcp}?certs=${certsDir}/wrong&verify=false`,
    });
    try {
      const inv = await eventually(
        async () => {
          const i = await lax.client.simulations();
          const mine = i.containers.some((c) => c.name === names.t);
          return i.hosts[0]?.status === 'live' && mine ? i : undefined;
        },
        15_000,
        'the verify=false engine live with its container',
      );
      expect(inv.hosts[0]?.diagnosis).toBeUndefined();
      expect(inv.containers.find((c) => c.name === names.t)?.host).toBe('noverify');
    } finally {
      await lax.close();
    }
  });

  it('a stopped engine goes stale alone, the others keep streaming, and it comes back exact', async () => {
    const socket = connect(running.baseUrl);
    sockets.push(socket);
    await firstSnapshot(socket);
    const deltas = recordDeltas(socket);
    // A subscriber of engine b only: nothing from a reaches it.
    const onlyB = connect(running.baseUrl);
    sockets.push(onlyB);
    await firstSnapshot(onlyB);
    const ack = await onlyB.timeout(5000).emitWithAck('subscribe', { hosts: ['b'] });
    expect(ack).toMatchObject({ ok: true, hosts: ['b'] });
    const bDeltas = recordDeltas(onlyB);

    await b.stop();
    const down = await eventually(
      async () => {
        const all = await hosts();
        return all.b?.status === 'stale' ? all : undefined;
      },
      15_000,
      'engine b stale',
    );
    expect(down.b?.diagnosis?.host).toBe('b');
    expect(down.a?.status).toBe('live');
    // b's containers are still listed (its last known state).
    expect((await running.client.simulations({ host: 'b' })).containers).toHaveLength(1);

    const late = uniqueName('sim-mh-late');
    run(a.plan.host, late, { 'simscope.enable': 'true' });
    await eventually(
      () =>
        deltas.some((d: DockerSimulationsDelta) =>
          d.upserts.some((c) => c.name === late && c.host === 'a'),
        ),
      10_000,
      'a delta from engine a while b is down',
    );
    expect(bDeltas.flatMap((d) => d.upserts).filter((c) => c.host !== 'b')).toEqual([]);

    // Restarting b stops its containers (no restart policy): simscope must show that, not the old state.
    await b.start();
    const back = await eventually(
      async () => {
        const c = (await running.client.simulations({ host: 'b' })).containers[0];
        return (await hosts()).b?.status === 'live' && c?.state === 'exited' ? c : undefined;
      },
      20_000,
      'engine b live again with its container as it really is',
    );
    expect(docker(b.plan.host, ['inspect', '-f', '{{.State.Status}}', back.id])).toBe('exited');
  }, 60_000);
});
