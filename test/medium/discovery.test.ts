import type { SimulationContainer } from '@simscope/contracts';
import { SimscopeApiError } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import {
  createNetwork,
  dockerCli,
  removeContainer,
  runContainer,
  testEngineHost,
  uniqueName,
} from '../support/factories.js';

/**
 * The reconcile runs once an hour here, so whatever shows up within this bound came through the events
 * stream. It bounds the wait, it is not a latency check (that is `npm run bench:*`): on a loaded 2-core
 * machine an OOM kill alone (kernel, then Docker's die event) once took longer than 2 s in CI.
 */
const EVENT_DEADLINE_MS = 10_000;

describe('discovery through the events stream', () => {
  let running: RunningApp;
  const created: string[] = [];
  const run = (...args: Parameters<typeof runContainer>) => {
    const id = runContainer(...args);
    created.push(id);
    return id;
  };
  const find = async (id: string): Promise<SimulationContainer | undefined> =>
    (await running.client.simulations()).containers.find((c) => c.id === id);
  const waitFor = (id: string, what: string, ok: (c: SimulationContainer) => boolean) =>
    eventually(
      async () => {
        const c = await find(id);
        return c && ok(c) ? c : undefined;
      },
      EVENT_DEADLINE_MS,
      what,
    );

  beforeAll(async () => {
    // Reconcile far beyond the test: only events can explain what the inventory shows.
    running = await startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_RECONCILE_MS: '3600000' });
    await eventually(async () => (await running.client.dockerStatus()).reachable, 10_000, 'live');
  });

  afterAll(async () => {
    await running.close();
    created.forEach((id) => removeContainer(id));
  });

  it('finds labelled and name-matched containers, and never others, even by id', async () => {
    const labelled = run({
      name: uniqueName('trainer'),
      labels: {
        'simscope.enable': 'true',
        'simscope.role': 'trainer',
        'simscope.name': 'Trainer A',
      },
    });
    const named = run({ name: uniqueName('sim') });
    const excluded = run({ name: uniqueName('sim'), labels: { 'simscope.enable': 'false' } });
    const unrelated = run({ name: uniqueName('postgres') });

    const a = await waitFor(labelled, 'labelled container', () => true);
    const b = await waitFor(named, 'name-matched container', () => true);

    expect(a).toMatchObject({
      discoveredBy: 'label',
      role: 'trainer',
      displayName: 'Trainer A',
      phase: 'running',
    });
    expect(b).toMatchObject({ discoveredBy: 'name', phase: 'running', cluster: 'ungrouped' });
    const ids = (await running.client.simulations()).containers.map((c) => c.id);
    expect(ids).not.toContain(excluded);
    expect(ids).not.toContain(unrelated);
    for (const ref of [excluded, unrelated, unrelated.slice(0, 12)]) {
      await expect(running.client.simulation(ref)).rejects.toMatchObject({ status: 404 });
    }
    await expect(running.client.simulation(labelled.slice(0, 12))).resolves.toMatchObject({
      id: labelled,
    });
  });

  it('follows a healthcheck from healthy to unhealthy, with the probe output', async () => {
    const id = run({
      name: uniqueName('sim-hc'),
      flags: [
        '--health-cmd',
        'test -f /tmp/ok',
        '--health-interval',
        '1s',
        '--health-retries',
        '1',
      ],
      command: ['sh', '-c', 'echo > /tmp/ok; sleep 4; busybox rm /tmp/ok; sleep 3600'],
    });

    await waitFor(id, 'healthy', (c) => c.health === 'healthy');
    const sick = await eventually(
      async () => {
        const c = await find(id);
        return c?.health === 'unhealthy' ? c : undefined;
      },
      4000 + 2000 + EVENT_DEADLINE_MS,
      'unhealthy',
    );

    expect(sick.phase).toBe('degraded');
    const detail = await running.client.simulation(id);
    expect(detail.healthLog.length).toBeGreaterThan(0);
    expect(detail.transitions.map((t) => t.to)).toEqual(expect.arrayContaining(['degraded']));
  });

  it('masks the container’s own environment values in probe output: reasons, detail and the failure note', async () => {
    const secret = 'sk-test-0123456789abcdef';
    const name = uniqueName('sim-hc-secret');
    const id = run({
      name,
      env: { API_KEY: secret },
      flags: [
        '--health-cmd',
        'echo "auth failed for key=$API_KEY"; false',
        '--health-interval',
        '1s',
        '--health-retries',
        '1',
      ],
    });

    const sick = await waitFor(id, 'unhealthy', (c) => c.health === 'unhealthy');
    expect(sick.reasons.join(' ')).toContain('auth failed for key=[env value]');
    const detail = await running.client.simulation(id);
    const outputs = detail.healthLog.map((p) => p.output).join('\n');
    expect(outputs).toContain('key=[env value]');
    // The failure feed writes the degraded episode down; its text is the (masked) reasons.
    const note = await eventually(
      async () => (await running.client.notes({ target: id })).items[0],
      10_000,
      'a failure note',
    );
    const everything = JSON.stringify([sick, detail, note]);
    expect(everything).not.toContain(secret);
    expect(note.text).toContain('[env value]');
  });

  it('recognises an OOM kill', async () => {
    const id = run({
      name: uniqueName('sim-oom'),
      flags: ['--memory', '8m'],
      command: ['tail', '/dev/zero'],
    });

    const c = await waitFor(id, 'oom-killed', (x) => x.phase === 'oom-killed');

    expect(c.oomKilled).toBe(true);
    expect(c.reasons[0]).toMatch(/^OOM-killed/);
  });

  it('tells a SIGKILL from an OOM', async () => {
    const id = run({ name: uniqueName('sim-kill') });
    await waitFor(id, 'running', (x) => x.phase === 'running');
    dockerCli(['kill', id]);

    const c = await waitFor(id, 'killed', (x) => x.state === 'exited');

    expect(c).toMatchObject({ phase: 'exited', exitCode: 137, oomKilled: false });
    expect(c.reasons[0]).toMatch(/^killed \(SIGKILL/);
  });

  it('recognises a crash loop', async () => {
    const id = run({
      name: uniqueName('sim-loop'),
      flags: ['--restart', 'always'],
      command: ['sh', '-c', 'exit 3'],
    });

    const c = await eventually(
      async () => {
        const x = await find(id);
        return x?.phase === 'crashloop' ? x : undefined;
      },
      3000 + EVENT_DEADLINE_MS,
      'crashloop',
    );

    expect(c.reasons.join(' ')).toMatch(/restarted \d+ times/);
    expect(c.reasons.join(' ')).toMatch(/code 3/);
  });

  it('flags a container that joins the shared network', async () => {
    const own = uniqueName('own-net');
    // Networks carry the test-run label; teardown removes them after the containers.
    createNetwork('sim-net');
    createNetwork(own);
    const id = run({
      name: uniqueName('sim-net-member'),
      network: own,
      labels: { 'simscope.cluster': 'net-test' },
    });
    await waitFor(id, 'running', () => true);
    dockerCli(['network', 'connect', 'sim-net', id]);

    const c = await waitFor(id, 'on sim-net', (x) => x.onSharedNetwork);

    expect(c.networks).toContain('sim-net');
    const snap = await running.client.simulations();
    expect(snap.sharedNetwork.clusters).toContain('net-test');
    expect(snap.clusters.find((k) => k.name === 'net-test')?.onSharedNetwork).toBe(true);
  });

  it('groups compose-labelled containers into their project cluster', async () => {
    const project = uniqueName('exp');
    const ids = ['trainer', 'evaluator'].map((service) =>
      run({
        name: `${project}-${service}-1`,
        labels: {
          'simscope.enable': 'true',
          'com.docker.compose.project': project,
          'com.docker.compose.service': service,
        },
      }),
    );

    await Promise.all(ids.map((id) => waitFor(id, 'compose member', () => true)));

    const snap = await running.client.simulations({ cluster: project });
    expect(snap.containers.map((c) => c.composeService).sort()).toEqual(['evaluator', 'trainer']);
    expect(snap.clusters).toEqual([
      expect.objectContaining({ name: project, total: 2, composeProjects: [project] }),
    ]);
  });

  it('drops a container when it is removed', async () => {
    const id = runContainer({ name: uniqueName('sim-gone') });
    await waitFor(id, 'present', () => true);
    removeContainer(id);

    await eventually(async () => (await find(id)) === undefined, EVENT_DEADLINE_MS, 'removed');
  });

  it('never returns environment variables', async () => {
    const secret = `s3cr3t-${uniqueName('v')}`;
    const id = run({
      name: uniqueName('sim-secret'),
      env: { SECRET: secret },
      labels: { 'vault.token': secret },
    });
    await waitFor(id, 'present', () => true);

    const bodies = await Promise.all(
      ['/api/docker/simulations', `/api/docker/simulations/${id}`, '/api/docker/status'].map(
        async (p) => (await fetch(`${running.baseUrl}${p}`)).text(),
      ),
    );

    for (const body of bodies) {
      expect(body).not.toContain(secret);
    }
  });

  it('rejects an unknown phase with a field-level 400', async () => {
    const err = await running.client
      .simulations({ phase: 'sleepy' as never })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SimscopeApiError);
    expect((err as SimscopeApiError).status).toBe(400);
    expect((err as SimscopeApiError).body?.fields?.phase?.[0]).toMatch(/phase must be one of/);
  });

  it('has the same fingerprint whatever the order, and moves the sequence on change', async () => {
    const before = await running.client.simulations();
    const id = run({ name: uniqueName('sim-seq') });
    const after = await eventually(
      async () => {
        const s = await running.client.simulations();
        return s.containers.some((c) => c.id === id) ? s : undefined;
      },
      EVENT_DEADLINE_MS,
      'added',
    );

    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });
});
