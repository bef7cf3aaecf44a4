import { cpus } from 'node:os';
import type { RuntimeHealthPayload, SimulationGuardEvent } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { removeContainer, runContainer, testEngineHost, uniqueName } from '../support/factories.js';
import { connect, firstSnapshot } from '../support/live.js';

/** One busy shell loop per CPU: the whole host busy, as when the simulations it runs are. */
const busyLoops = (n: number): string[] => [
  'sh',
  '-c',
  `${'while :; do :; done & '.repeat(Math.max(0, n - 1))}while :; do :; done`,
];

const task = (h: RuntimeHealthPayload, name: string) => h.tasks.find((t) => t.name === name);

describe('the guard watches the host (a guest on the machine that runs the simulations)', () => {
  let running: RunningApp;
  let busy: string | null = null;
  beforeAll(async () => {
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_RECONCILE_MS: '1000',
      SIMSCOPE_STATS_SWEEP_MS: '1000',
      RUNTIME_HEALTH_SAMPLE_MS: '250',
      // The original runtime's name for the host CPU threshold, read as simscope's (issue 18); the
      // test default that turns the host inputs off is cleared so the alias is the only one set.
      RUNTIME_GUARD_HOST_CPU_CRITICAL: '',
      RUNTIME_GUARD_CPU_UTILIZATION_CRITICAL: '85',
      // Only the host may move the guard here: the event loop of a starved process is slow too.
      RUNTIME_GUARD_EVENT_LOOP_P99_DEGRADED_MS: '5000',
      RUNTIME_GUARD_EVENT_LOOP_P99_CRITICAL_MS: '10000',
      RUNTIME_GUARD_ENTER_AFTER: '2',
      RUNTIME_GUARD_LEAVE_AFTER: '3',
    });
    await eventually(async () => (await running.client.dockerStatus()).reachable, 10_000, 'live');
  });
  afterAll(async () => {
    if (busy) {
      removeContainer(busy);
    }
    await running.close();
  });

  it('backs off while the host CPU is saturated, says why, and comes back when it is not', async () => {
    const socket = connect(running.baseUrl);
    const guardEvents: SimulationGuardEvent[] = [];
    socket.on('simulation_guard', (e) => guardEvents.push(e));
    await firstSnapshot(socket);
    const before = await running.client.runtimeHealth();
    expect(before.thresholds).toMatchObject({
      hostCpuCriticalPercent: 85,
      hostCpuDegradedPercent: 71.4,
    });

    busy = runContainer({ name: uniqueName('sim-busy'), command: busyLoops(cpus().length) });
    const critical = await eventually(
      async () => {
        const h = await running.client.runtimeHealth();
        return h.mode === 'critical' ? h : undefined;
      },
      15_000,
      'critical from host CPU',
    );
    expect(critical.reasons).toContainEqual(expect.stringMatching(/^host CPU at \d+ % ≥ 85 %$/));
    for (const name of ['docker.reconcile', 'docker.stats-sweep']) {
      expect(task(critical, name)).toMatchObject({
        expensive: true,
        baseIntervalMs: 1000,
        effectiveIntervalMs: 4000,
      });
    }
    expect(task(critical, 'health.sample')?.effectiveIntervalMs).toBe(250);

    const shed = await eventually(
      () => guardEvents.find((e) => e.task === 'docker.stats-sweep'),
      15_000,
      'the sweep shed with a simulation_guard event',
    );
    expect(shed.mode).toBe('critical');
    expect(shed.reason).toMatch(
      /^skipped: expensive work is shed while the guard is critical \(.*host CPU at \d+ % ≥ 85 %.*\) — simscope is backing off$/,
    );
    expect((await running.client.usage()).state).toBe('skipped');

    removeContainer(busy);
    busy = null;
    const normal = await eventually(
      async () => {
        const h = await running.client.runtimeHealth();
        return h.mode === 'normal' ? h : undefined;
      },
      20_000,
      'back to normal once the host is idle',
    );
    expect(task(normal, 'docker.reconcile')?.effectiveIntervalMs).toBe(1000);
    expect(task(normal, 'docker.stats-sweep')?.effectiveIntervalMs).toBe(1000);
    socket.disconnect();
  }, 60_000);
});
