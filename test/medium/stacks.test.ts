import type { StackDetail, StacksDelta } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { removeTestContainers } from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import { dockerCli, testEngineHost, uniqueName } from '../support/factories.js';
import { connect, firstSnapshot } from '../support/live.js';
import { runCycleStack, runExampleStack } from '../support/stack.js';

const view = (d: StackDetail) =>
  Object.fromEntries(d.services.map((s) => [s.name, `${s.state}/${s.impact}`]));

describe('stacks: the dependency graph and what a service down does to the others', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_RECONCILE_MS: '3600000' });
  });
  afterAll(async () => {
    await running.close();
    removeTestContainers(testEngineHost());
  });

  it('draws the declared graph, blocks and degrades dependants while the agent is stopped, and recovers', async () => {
    const project = uniqueName('lab');
    const socket = connect(running.baseUrl);
    const deltas: StacksDelta[] = [];
    socket.on('docker_stacks:delta', (d) => deltas.push(d));
    await firstSnapshot(socket);
    await eventually(() => deltas.some((d) => d.full), 2000, 'every stack on connect');

    const ids = runExampleStack(project);
    const stack = await eventually(
      async () => {
        const s = await running.client.stack(project).catch(() => undefined);
        return s?.services.length === 4 ? s : undefined;
      },
      5000,
      'the 4-service stack',
    );
    expect(stack).toMatchObject({ name: project, source: 'compose', cycles: [] });
    expect(stack.edges.map((e) => [e.from, e.to, e.kind, e.condition, e.active])).toEqual([
      ['agent', 'model', 'hard', 'service_started', false],
      ['bot', 'agent', 'hard', 'service_healthy', false],
      ['web', 'agent', 'soft', null, false],
    ]);
    expect(view(stack)).toEqual({
      agent: 'running/ok',
      bot: 'running/ok',
      model: 'running/ok',
      web: 'running/ok',
    });
    expect((await running.client.stacks()).stacks).toContainEqual(
      expect.objectContaining({ name: project, services: 4, blocked: 0, degraded: 0 }),
    );

    dockerCli(['stop', '-t', '0', ids.agent]);
    const stopped = Date.now();
    const hit = await eventually(
      () =>
        deltas
          .flatMap((d) => d.changed)
          .find((d) => d.name === project && view(d).bot === 'running/blocked'),
      2000,
      'bot blocked, pushed to the socket within 2 s',
    );
    expect(Date.now() - stopped).toBeLessThan(2000);
    expect(view(hit)).toMatchObject({ agent: 'down/ok', web: 'running/degraded' });
    const byName = Object.fromEntries(hit.services.map((s) => [s.name, s.reasons]));
    expect(byName.bot).toEqual(['waits for agent: stopped']);
    expect(byName.web).toEqual(['runs without agent: stopped']);

    dockerCli(['start', ids.agent]);
    await eventually(
      async () => {
        const s = await running.client.stack(project);
        return Object.values(view(s)).every((v) => v === 'running/ok') ? s : undefined;
      },
      5000,
      'everyone back',
    );
    socket.disconnect();
  }, 60_000);

  it('reports a declared cycle instead of following it, and 404s an unknown stack', async () => {
    const project = uniqueName('loop');
    runCycleStack(project);
    const stack = await eventually(
      async () => {
        const s = await running.client.stack(project).catch(() => undefined);
        return s?.services.length === 2 ? s : undefined;
      },
      5000,
      'the looped stack',
    );
    expect(stack.cycles).toEqual([['a', 'b']]);
    await expect(running.client.stack('no-such-stack')).rejects.toMatchObject({ status: 404 });
  });
});
