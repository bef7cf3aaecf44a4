import type { SimEvent, SimEventsBatch, SimulationContainer } from '@simscope/contracts';
import { appForSuite } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { dockerCli, runContainer, testEngineHost, uniqueName } from '../support/factories.js';

/** A busybox loop printing a `tick_completed` line every 200 ms, with plain lines and one error. */
const TICKER = [
  'sh',
  '-c',
  [
    'i=0',
    'while true; do',
    '  i=$((i+1))',
    '  echo "{\\"event_type\\":\\"tick_completed\\",\\"tick\\":$i,\\"total_ticks\\":1000,\\"metrics\\":{\\"loss\\":0.5}}"',
    '  [ $((i % 4)) -eq 0 ] && echo "plain text, not an event ($i)"',
    '  [ $i -eq 3 ] && echo \'{"event_type":"error","message":"agent 7 failed"}\'',
    '  sleep 0.2',
    'done',
  ].join('\n'),
];

/** Five ticks, then silence until /tmp/go exists, then one more tick. */
const PAUSER = [
  'sh',
  '-c',
  [
    'for i in 1 2 3 4 5; do echo "{\\"event_type\\":\\"tick_completed\\",\\"tick\\":$i}"; sleep 0.2; done',
    'while [ ! -f /tmp/go ]; do sleep 0.2; done',
    'echo \'{"event_type":"tick_completed","tick":6}\'',
    'sleep 3600',
  ].join('\n'),
];

/** How many lines of a container's whole output are events (what simscope should have counted). */
function eventLinesPrinted(id: string): number {
  return dockerCli(['logs', id])
    .split('\n')
    .filter((l) => l.startsWith('{')).length;
}

describe('simulation events (label simscope.events)', () => {
  const suite = appForSuite(
    { DOCKER_HOST: testEngineHost() },
    { removeContainersOf: testEngineHost() },
  );
  const row = (name: string): Promise<SimulationContainer> => suite.running.client.simulation(name);

  it('counts ticks, errors and a rate on the row; pages events by type; ignores plain lines', async () => {
    const { client } = suite.running;
    const name = uniqueName('sim-ev');
    runContainer({
      name,
      labels: { 'simscope.enable': 'true', 'simscope.events': 'stdout' },
      command: TICKER,
    });

    const first = await eventually(
      async () => {
        const r = await row(name);
        return (r.events?.tick ?? 0) >= 3 ? r : undefined;
      },
      5000,
      'the first ticks on the row',
    );
    const later = await eventually(
      async () => {
        const r = await row(name);
        return (r.events?.tick ?? 0) >= (first.events?.tick ?? 0) + 5 ? r : undefined;
      },
      5000,
      'the tick to increase',
    );
    // 5 ticks a second: 300 a minute, give or take the engine's and the shell's timing.
    expect(later.events?.ticksPerMinute).toBeGreaterThan(150);
    expect(later.events?.ticksPerMinute).toBeLessThan(400);
    expect(later.events).toMatchObject({ errors: 1, lastType: 'tick_completed', cutLines: 0 });
    expect(later.events?.progress).toBeCloseTo((later.events?.tick ?? 0) / 1000, 3);
    expect(later.events?.countsByType).toEqual({
      tick_completed: expect.any(Number),
      error: 1,
    });

    const page = await client.simulationEvents(name, { type: 'tick_completed', limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.items.map((e) => e.type)).toEqual(Array(5).fill('tick_completed'));
    const ticks = page.items.map((e) => e.tick ?? 0);
    expect(ticks).toEqual([...ticks].sort((a, b) => b - a));
    expect(page.items[0]).toMatchObject({ metrics: { loss: 0.5 }, totalTicks: 1000 });
    expect(page.nextCursor).not.toBeNull();
    const older = await client.simulationEvents(name, {
      type: 'tick_completed',
      limit: 5,
      cursor: page.nextCursor ?? undefined,
    });
    expect(older.items[0].tick).toBe(ticks[4] - 1);

    const errors = await client.simulationEvents(name, { type: 'error' });
    expect(errors.items).toEqual([expect.objectContaining({ message: 'agent 7 failed' })]);
  });

  it('resumes after a restart without counting a line twice', async () => {
    const name = uniqueName('sim-ev-restart');
    const id = runContainer({
      name,
      labels: { 'simscope.enable': 'true', 'simscope.events': 'both' },
      command: TICKER,
    });
    await eventually(
      async () => ((await row(name)).events?.tick ?? 0) >= 5 || undefined,
      5000,
      'ticks',
    );
    dockerCli(['restart', '-t', '0', id]);
    await eventually(
      async () => {
        const r = await row(name);
        // After the restart the loop counts from 1 again; the tally's rate starts over with it.
        return r.state === 'running' && (r.events?.tick ?? 99) < 30 && (r.events?.total ?? 0) > 0
          ? r
          : undefined;
      },
      8000,
      'events after the restart',
    );
    await new Promise((r) => setTimeout(r, 1000));
    dockerCli(['stop', '-t', '0', id]);
    const printed = eventLinesPrinted(id);
    const settled = await eventually(
      async () => {
        const r = await row(name);
        return r.events?.total === printed ? r : undefined;
      },
      5000,
      `the row to count the ${printed} event lines the container printed, no more`,
    );
    expect(settled.events?.errors).toBe(2);

    const page = await suite.running.client.simulationEvents(name, { limit: 500 });
    const keys = page.items.map((e: SimEvent) => `${e.at}/${e.type}/${e.tick}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('turns stalled when events stop for longer than stall-after, back on the next, one failure note', async () => {
    const { client } = suite.running;
    const name = uniqueName('sim-ev-stall');
    const id = runContainer({
      name,
      labels: {
        'simscope.enable': 'true',
        'simscope.events': 'stdout',
        'simscope.stall-after': '3s',
      },
      command: PAUSER,
    });
    await eventually(
      async () => ((await row(name)).events?.tick === 5 ? true : undefined),
      5000,
      'five ticks',
    );
    const stalled = await eventually(
      async () => {
        const r = await row(name);
        return r.phase === 'stalled' ? r : undefined;
      },
      6000,
      'stalled within 5 s of the last event',
    );
    expect(stalled.reasons[0]).toMatch(/^no events for \d+ s; was \d+(\.\d)? ticks\/min$/);
    await eventually(
      async () => {
        const notes = await client.notes({ category: 'failure', target: id });
        return notes.items.some((n) => n.tags.includes('stalled')) ? true : undefined;
      },
      5000,
      'the failure note of the stall',
    );

    dockerCli(['exec', id, 'sh', '-c', ': > /tmp/go']);
    const back = await eventually(
      async () => {
        const r = await row(name);
        return r.phase === 'running' ? r : undefined;
      },
      3000,
      'running again on the next event',
    );
    expect(back.events?.tick).toBe(6);
    expect(back.reasons).toEqual(['running']);
    const detail = await client.simulation(name);
    expect(detail.transitions?.map((t) => t.action)).toEqual(
      expect.arrayContaining(['stalled', 'stalled_cleared']),
    );
    const notes = await client.notes({ category: 'failure', target: id });
    expect(notes.items.filter((n) => n.tags.includes('stalled'))).toHaveLength(1);
  });

  it('follows events over the socket; a simulation without the label says so', async () => {
    const name = uniqueName('sim-ev-follow');
    runContainer({
      name,
      labels: { 'simscope.enable': 'true', 'simscope.events': 'stdout' },
      command: TICKER,
    });
    const plain = uniqueName('sim-ev-plain');
    runContainer({ name: plain, labels: { 'simscope.enable': 'true' } });
    await eventually(() => row(name).catch(() => undefined), 5000, name);
    await eventually(() => row(plain).catch(() => undefined), 5000, plain);

    const socket = await suite.socket();
    const batches: SimEventsBatch[] = [];
    socket.on('events:batch', (b) => batches.push(b));
    const ack = await socket.emitWithAck('events:follow', { id: name });
    expect(ack).toMatchObject({ ok: true });
    const got = await eventually(
      () => (batches.flatMap((b) => b.events).length >= 3 ? batches : undefined),
      4000,
      'three followed events',
    );
    const followed = got.flatMap((b) => b.events);
    expect(followed.every((e) => e.type === 'tick_completed' || e.type === 'error')).toBe(true);
    const seqs = followed.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    await expect(socket.emitWithAck('events:follow', { id: plain })).resolves.toEqual({
      ok: false,
      id: plain,
      error: `${plain} does not print events (label it simscope.events=stdout|stderr|both)`,
    });
    await expect(suite.running.client.simulationEvents(plain)).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      suite.running.client.simulationEvents(name, { limit: 9999 }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe('what a failure leaves behind', () => {
  const suite = appForSuite(
    { DOCKER_HOST: testEngineHost() },
    { removeContainersOf: testEngineHost() },
  );
  const failureNote = (id: string) =>
    eventually(
      async () => (await suite.running.client.notes({ category: 'failure', target: id })).items[0],
      8000,
      'the failure note',
    );

  it('keeps the last 50 lines (env values masked) and the last 20 events, readable after docker rm', async () => {
    const name = uniqueName('sim-leftovers');
    const secret = 'hunter2-very-secret-token';
    const id = runContainer({
      name,
      env: { SIM_TOKEN: secret },
      labels: { 'simscope.enable': 'true', 'simscope.events': 'stdout' },
      command: [
        'sh',
        '-c',
        [
          'i=0',
          'while [ $i -lt 80 ]; do i=$((i+1))',
          '  echo "line $i token=$SIM_TOKEN"',
          '  echo "{\\"event_type\\":\\"tick_completed\\",\\"tick\\":$i}"',
          'done',
          'sleep 2',
          'exit 3',
        ].join('\n'),
      ],
    });
    const note = await failureNote(id);
    dockerCli(['rm', '-f', id]);

    const kept = (await suite.running.client.notes({ category: 'failure', target: id })).items[0];
    expect(kept.id).toBe(note.id);
    expect(kept.title).toBe(`${name} failed`);
    const lines = kept.evidence?.logLines?.map((l) => l.text) ?? [];
    expect(lines).toHaveLength(50);
    // 80 text lines and 80 event lines, interleaved: the last 50 are the last 25 of each.
    expect(lines.at(-2)).toBe('line 80 token=[env value]');
    expect(lines.at(-1)).toBe('{"event_type":"tick_completed","tick":80}');
    expect(lines.join('\n')).not.toContain(secret);
    expect(kept.evidence?.events?.map((e) => e.tick)).toEqual(
      Array.from({ length: 20 }, (_, i) => 61 + i),
    );
    expect(kept.evidence?.memory).toMatchObject({ limitBytes: null });
  });

  it('an OOM kill keeps the memory limit (and the peak when a sample was taken)', async () => {
    const name = uniqueName('sim-oom-leftovers');
    const id = runContainer({
      name,
      labels: { 'simscope.enable': 'true' },
      flags: ['--memory', '8m', '--memory-swap', '8m'],
      command: ['sh', '-c', 'echo filling memory; tail /dev/zero'],
    });
    const note = await failureNote(id);
    expect(note.tags).toContain('oom-killed');
    expect(note.evidence?.memory).toMatchObject({ limitBytes: 8 * 1024 * 1024 });
    expect(note.evidence?.logLines?.map((l) => l.text)).toEqual(['filling memory']);
  });
});
