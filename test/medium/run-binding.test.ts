import type { Run } from '@simscope/contracts';
import { appForSuite } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { runContainer, testEngineHost, uniqueName } from '../support/factories.js';

describe('runs bound to containers', () => {
  const suite = appForSuite(
    { DOCKER_HOST: testEngineHost() },
    { removeContainersOf: testEngineHost() },
  );
  const newRun = (title: string) =>
    suite.running.client.createRun({ type: 'evaluation', title } as never);
  const runReaches = (id: string, status: Run['status']) =>
    eventually(
      async () => {
        const run = await suite.running.client.run(id);
        return run.status === status ? run : undefined;
      },
      10_000,
      `run ${id} ${status}`,
    );

  it('a labelled container that exits 0 completes its run, with a stamp and event metrics', async () => {
    const run = await newRun('bound, clean exit');
    const name = uniqueName('sim-run-ok');
    const id = runContainer({
      name,
      labels: { 'simscope.enable': 'true', 'simscope.run': run.id, 'simscope.events': 'stdout' },
      command: [
        'sh',
        '-c',
        [
          'sleep 1',
          'echo \'{"event_type":"tick_completed","tick":10,"metrics":{"loss":0.9}}\'',
          'echo \'{"event_type":"tick_completed","tick":20,"metrics":{"loss":0.4,"reward":3}}\'',
          'sleep 1',
          'exit 0',
        ].join('\n'),
      ],
    });
    const row = await eventually(
      () => suite.running.client.simulation(name).catch(() => undefined),
      5000,
      name,
    );
    expect(row.runs).toEqual([run.id]);

    const done = await runReaches(run.id, 'completed');
    expect(done.statusHistory?.map((s) => [s.status, s.note])).toEqual([
      ['running', `${name} started`],
      ['completed', `${name} exited 0`],
    ]);
    expect(done.stamps).toEqual([
      expect.objectContaining({
        containerId: id,
        containerName: name,
        host: 'local',
        imageId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        labelsHash: expect.stringMatching(/^sha256:/),
        command: ['sh', '-c', expect.stringContaining('tick_completed')],
      }),
    ]);
    // Metrics are sent to runs every 5 s; the run may complete first.
    const withMetrics = await eventually(
      async () => {
        const r = await suite.running.client.run(run.id);
        return r.metrics.loss ? r : undefined;
      },
      8000,
      'the metrics of the events',
    );
    expect(withMetrics.metrics.loss.latest).toBe(0.4);
    expect(withMetrics.metrics.reward.latest).toBe(3);
    expect(withMetrics.metrics.loss.history.at(-1)?.step).toBe(20);
  });

  it('an OOM-killed container fails its run with why; a run targeting an experiment binds too', async () => {
    const run = await suite.running.client.createRun({
      type: 'training',
      title: 'bound by experiment',
      targets: [{ kind: 'experiment', id: 'exp-oom' }],
    } as never);
    const name = uniqueName('sim-run-oom');
    runContainer({
      name,
      labels: { 'simscope.enable': 'true', 'simscope.experiment': 'exp-oom' },
      flags: ['--memory', '8m', '--memory-swap', '8m'],
      command: ['sh', '-c', 'sleep 1; tail /dev/zero'],
    });
    const failed = await runReaches(run.id, 'failed');
    expect(failed.statusHistory?.at(-1)?.note).toBe(`${name} OOM-killed`);
    expect(failed.stamps?.[0]).toMatchObject({ containerName: name, limits: expect.anything() });
  });

  it('a non-zero exit fails its run with the code', async () => {
    const run = await newRun('bound, exit 3');
    const name = uniqueName('sim-run-3');
    runContainer({
      name,
      labels: { 'simscope.enable': 'true', 'simscope.run': run.id },
      command: ['sh', '-c', 'sleep 1; exit 3'],
    });
    const failed = await runReaches(run.id, 'failed');
    expect(failed.statusHistory?.at(-1)?.note).toBe(`${name} exited with code 3`);
  });
});
