import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run, SimEvent, SimulationContainer } from '@simscope/contracts';
import { Subject } from 'rxjs';
import { loadConfig } from '../config/app-config.js';
import { toSettings } from '../config/settings.js';
import type { Annotator, RowAnnotations } from '../docker/annotations.js';
import type { InventoryChange, InventoryReader } from '../docker/inventory-reader.js';
import { MetaStoreService } from '../meta/meta-store.service.js';
import { MetaService } from '../meta/meta.service.js';
import type { SimEventsService } from '../sim-events/sim-events.service.js';
import { FakeDockerPort } from '../testing/fake-docker-port.js';
import { aContainer, aSimEvent, someDetails } from '../testing/factories.js';
import { RunBindingService } from './run-binding.service.js';

const STARTED = '2026-11-23T10:00:00.000Z';

/** Waits for the binder's chained writes. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('RunBindingService (real record on a temporary directory)', () => {
  let dir: string;
  let store: MetaStoreService;
  let sut: RunBindingService;
  let meta: MetaService;
  const rows = new Map<string, SimulationContainer>();
  const changes = new Subject<InventoryChange>();
  const events = new Subject<{ id: string; events: SimEvent[] }>();
  const annotated = new Map<string, unknown>();
  const port = new FakeDockerPort();

  const put = (row: SimulationContainer) => {
    const added = !rows.has(row.id);
    rows.set(row.id, row);
    changes.next({
      sequence: 0,
      fingerprint: '',
      added: added ? [row] : [],
      updated: added ? [] : [{ container: row, previousPhase: row.phase }],
      removed: [],
    });
  };
  const running = (
    id: string,
    labels: Record<string, string>,
    o: Partial<SimulationContainer> = {},
  ) => aContainer(id, { labels, state: 'running', startedAt: STARTED, ...o });
  const newRun = (targets: Run['targets'] = []) =>
    meta.createRun({ type: 'evaluation', title: 'bound', targets } as never);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simscope-binding-'));
    rows.clear();
    annotated.clear();
    store = new MetaStoreService({
      dataDir: dir,
      sync: 'group',
      retentionDays: null,
      webhookUrls: [],
      webhookCooldownMs: 0,
    });
    await store.onModuleInit();
    meta = new MetaService(store);
    const inventory = {
      changes$: changes,
      rows: () => rows.values(),
    } as unknown as InventoryReader;
    const annotations = {
      register: <T>(a: Annotator<T>) => ({
        set: (id: string, v: T | null) => annotated.set(`${a.kind}:${id}`, v),
      }),
    } as unknown as RowAnnotations;
    sut = new RunBindingService(
      inventory,
      { portFor: () => port },
      meta,
      { events$: events } as unknown as SimEventsService,
      annotations,
      toSettings(loadConfig({})).discovery,
    );
    sut.onModuleInit();
  });

  afterEach(async () => {
    sut.onModuleDestroy();
    await store.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves a labelled run with its container: running with a stamp, then failed with why', async () => {
    const run = await newRun();
    port.details.set(
      'c1',
      someDetails('c1', { imageId: 'sha256:abc', command: ['sim', '--fast'] }),
    );
    put(running('c1', { 'simscope.run': run.id }));
    await settle();

    expect(annotated.get('runs:c1')).toEqual([run.id]);
    const started = meta.getRun(run.id);
    expect(started.status).toBe('running');
    expect(started.stamps).toEqual([
      expect.objectContaining({
        containerId: 'c1',
        startedAt: STARTED,
        imageId: 'sha256:abc',
        command: ['sim', '--fast'],
        labelsHash: expect.stringMatching(/^sha256:/),
      }),
    ]);

    put(
      running('c1', { 'simscope.run': run.id }, { state: 'exited', phase: 'failed', exitCode: 3 }),
    );
    await settle();
    expect(meta.getRun(run.id).statusHistory?.map((h) => [h.status, h.note])).toEqual([
      ['running', 'sim-c1 started'],
      ['failed', 'sim-c1 exited with code 3'],
    ]);
  });

  it('binds a run created after its container started, by its cluster target', async () => {
    put(running('c2', {}, { cluster: 'lab' }));
    const run = await newRun([{ kind: 'cluster', id: 'lab' }]);
    await settle();
    expect(annotated.get('runs:c2')).toEqual([run.id]);
    expect(meta.getRun(run.id).status).toBe('running');
  });

  it('writes a stall on the run once per episode', async () => {
    const run = await newRun();
    const labels = { 'simscope.run': run.id };
    put(running('c3', labels));
    put(running('c3', labels, { phase: 'stalled', reasons: ['no events for 2 min'] }));
    put(running('c3', labels, { phase: 'stalled', reasons: ['no events for 3 min'] }));
    await settle();
    const notes = () => meta.getRun(run.id).events;
    // The start, its stamp, and one stall note (not one per reason rewrite).
    expect(notes()).toBe(3);
  });

  it('sends the latest metrics of its events before the run ends, with the tick as step', async () => {
    const run = await newRun();
    const labels = { 'simscope.run': run.id };
    put(running('c4', labels));
    await settle();
    events.next({
      id: 'c4',
      events: [
        aSimEvent(1, { tick: 10, metrics: { loss: 0.9 } }),
        aSimEvent(2, { tick: 20, metrics: { loss: 0.4, reward: 3 } }),
      ],
    });
    put(running('c4', labels, { state: 'exited', phase: 'exited', exitCode: 0 }));
    await settle();

    const done = meta.getRun(run.id);
    expect(done.status).toBe('completed');
    expect(done.metrics.loss).toEqual({
      latest: 0.4,
      history: [expect.objectContaining({ value: 0.4, step: 20 })],
    });
    expect(done.metrics.reward.latest).toBe(3);
  });
});
