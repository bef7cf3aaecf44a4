import { jest } from '@jest/globals';
import type { SimEventSummary, SimEventsBatch, SimulationContainer } from '@simscope/contracts';
import { Subject } from 'rxjs';
import { loadConfig } from '../config/app-config.js';
import { toSettings } from '../config/settings.js';
import type { Annotator, RowAnnotations } from '../docker/annotations.js';
import { EvidenceRegistry } from '../docker/failure-evidence.js';
import type { EnginePorts, InventoryChange, InventoryReader } from '../docker/inventory-reader.js';
import type { SchedulerService } from '../runtime/scheduler.service.js';
import { FakeDockerPort } from '../testing/fake-docker-port.js';
import { aContainer } from '../testing/factories.js';
import { SimEventsService } from './sim-events.service.js';

const T = (s: number) => new Date(Date.parse('2026-11-23T10:00:00Z') + s * 1000).toISOString();
const tick = (n: number, at: number) => `${T(at)} {"event_type":"tick_completed","tick":${n}}\n`;
const flush = async () => {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
};

function setup(env: Record<string, string> = {}) {
  const rows = new Map<string, SimulationContainer>();
  const changes = new Subject<InventoryChange>();
  const inventory = {
    changes$: changes,
    rows: () => rows.values(),
    get: (id: string) => rows.get(id),
    resolve: (ref: string) =>
      rows.get(ref) ?? [...rows.values()].find((r) => r.name === ref) ?? null,
    // Raw text output: the fake plays lines, not multiplexed frames.
    tty: () => true,
  } as unknown as InventoryReader;
  const port = new FakeDockerPort();
  const ports = { portFor: () => port } as unknown as EnginePorts;
  const annotated: Record<string, Map<string, unknown>> = {};
  const annotations = {
    register: <T>(a: Annotator<T>) => {
      annotated[a.kind] = new Map();
      return { set: (id: string, v: T | null) => annotated[a.kind].set(id, v) };
    },
  } as unknown as RowAnnotations;
  const scheduler = { register: jest.fn() } as unknown as SchedulerService;
  const settings = toSettings(loadConfig(env));
  const evidence = new EvidenceRegistry();
  const sut = new SimEventsService(
    inventory,
    ports,
    annotations,
    settings.simEvents,
    settings.discovery,
    settings.stats,
    scheduler,
    evidence,
  );
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
  const remove = (id: string) => {
    const row = rows.get(id);
    rows.delete(id);
    changes.next({
      sequence: 0,
      fingerprint: '',
      added: [],
      updated: [],
      removed: row ? [{ id, previousPhase: row.phase, cluster: row.cluster, host: row.host }] : [],
    });
  };
  const play = (text: string, follow = port.follows.at(-1)) =>
    follow?.handlers.onData(Buffer.from(text));
  const summary = (id: string) => annotated.events.get(id) as SimEventSummary | undefined;
  return { sut, port, put, remove, play, summary, annotated, evidence };
}

const sim = (
  id: string,
  labels: Record<string, string> = { 'simscope.events': 'stdout' },
  o = {},
) => aContainer(id, { labels, state: 'running', startedAt: T(0), ...o });

describe('SimEventsService', () => {
  afterEach(() => jest.useRealTimers());

  it('follows an opted-in running simulation once, its chosen output with 500 lines of history', async () => {
    const { sut, port, put } = setup();
    sut.onModuleInit();
    put(sim('a', { 'simscope.events': 'stderr' }));
    put(sim('b', {}));
    put(sim('a', { 'simscope.events': 'stderr' }));
    await flush();

    expect(port.follows.map((f) => [f.id, f.options])).toEqual([
      ['a', { stdout: false, stderr: true, tail: 500 }],
    ]);
    expect(sut.followedCount).toBe(1);
    sut.onApplicationShutdown();
  });

  it('reads events (masked, plain lines ignored) into the row summary and the recent page', async () => {
    const { sut, port, put, play, summary } = setup();
    port.secrets = ['s3cret-token-value'];
    sut.onModuleInit();
    put(sim('a'));
    await flush();
    play(
      tick(1, 1) +
        `${T(1.5)} plain text\n` +
        `${T(2)} {"type":"error","message":"key s3cret-token-value"}\n`,
    );

    expect(summary('a')).toMatchObject({ total: 2, tick: 1, errors: 1, lastType: 'error' });
    const page = sut.page('a', {});
    expect(page.items.map((e) => e.type)).toEqual(['error', 'tick_completed']);
    expect(page.items[0].message).toBe('key [env value]');
    sut.onApplicationShutdown();
  });

  it('puts at most one summary a second on the row', async () => {
    const { sut, put, play, annotated } = setup();
    sut.onModuleInit();
    put(sim('a'));
    await flush();
    jest.useFakeTimers();
    const sets = () => [...annotated.events.values()].length;
    const spy = jest.spyOn(annotated.events, 'set');
    play(tick(1, 1));
    play(tick(2, 1.2));
    play(tick(3, 1.4));
    expect(spy).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1000);
    expect(spy).toHaveBeenCalledTimes(2);
    expect((spy.mock.calls[1][1] as SimEventSummary).tick).toBe(3);
    expect(sets()).toBe(1);
    sut.onApplicationShutdown();
  });

  it('resumes after a restart from the last line read, without counting it again', async () => {
    const { sut, port, put, play } = setup();
    sut.onModuleInit();
    put(sim('a'));
    await flush();
    play(tick(1, 1) + tick(2, 1.5));
    port.follows[0].handlers.onClose();
    put(sim('a', undefined, { state: 'exited', phase: 'exited' }));
    put(sim('a', undefined, { startedAt: T(3) }));
    await flush();

    expect(port.follows[1].options).toEqual({
      stdout: true,
      stderr: false,
      since: Math.floor(Date.parse(T(1.5)) / 1000),
    });
    // The engine repeats the whole second of the last line read, then what is new.
    play(tick(1, 1) + tick(2, 1.5) + tick(1, 3.2));
    expect(sut.page('a', {}).items.map((e) => `${e.at} ${e.tick}`)).toEqual([
      `${T(3.2)} 1`,
      `${T(1.5)} 2`,
      `${T(1)} 1`,
    ]);
    sut.onApplicationShutdown();
  });

  it('opens the follow again when the engine drops it under a running container', async () => {
    const { sut, port, put, play } = setup();
    sut.onModuleInit();
    put(sim('a'));
    await flush();
    play(tick(1, 1));
    jest.useFakeTimers();
    port.follows[0].handlers.onClose();
    expect(port.follows).toHaveLength(1);
    jest.advanceTimersByTime(1000);
    jest.useRealTimers();
    await flush();

    expect(port.follows.map((f) => f.options.since ?? 'tail')).toEqual([
      'tail',
      Math.floor(Date.parse(T(1)) / 1000),
    ]);
    sut.onApplicationShutdown();
  });

  it('stalls a quiet running simulation after its window, and clears on the next event', async () => {
    const { sut, put, play, annotated } = setup();
    sut.onModuleInit();
    put(sim('a', { 'simscope.events': 'stdout', 'simscope.stall-after': '3s' }));
    await flush();
    play(tick(1, 1) + tick(2, 2));
    const stall = () => annotated.stalled.get('a');

    sut.checkStalls(Date.parse(T(4)));
    expect(stall()).toBeUndefined();
    sut.checkStalls(Date.parse(T(6)));
    expect(stall()).toBe('no events for 4 s; was 60 ticks/min');
    play(tick(3, 7));
    expect(stall()).toBeNull();
    sut.onApplicationShutdown();
  });

  it('sends new events to followers and ends them when the simulation goes', async () => {
    const { sut, put, play, remove, port } = setup();
    sut.onModuleInit();
    put(sim('a'));
    put(sim('plain', {}));
    await flush();
    jest.useFakeTimers();
    const batches: SimEventsBatch[] = [];
    const ends: string[] = [];
    const sink = {
      batch: (b: SimEventsBatch) => batches.push(b),
      end: (e: { reason: string }) => ends.push(e.reason),
    };

    expect(sut.follow('a', 'socket-1', sink)).toEqual({ ok: true, id: 'a' });
    expect(sut.follow('plain', 'socket-1', sink)).toMatchObject({ ok: false });
    play(tick(1, 1) + tick(2, 1.1));
    jest.advanceTimersByTime(100);
    expect(batches.map((b) => b.events.map((e) => e.tick))).toEqual([[1, 2]]);

    remove('a');
    expect(ends).toEqual(['the simulation is gone']);
    expect(port.follows[0].closed).toBe(true);
    expect(sut.followedCount).toBe(0);
    sut.onApplicationShutdown();
  });

  it('gives its last 20 events to a failure note, nothing for one that prints none', async () => {
    const { sut, put, play, evidence } = setup();
    sut.onModuleInit();
    put(sim('a'));
    await flush();
    play(Array.from({ length: 25 }, (_, i) => tick(i + 1, i + 1)).join(''));

    const kept = await evidence.collect(sim('a'));
    expect(kept.events?.map((e) => e.tick)).toEqual(Array.from({ length: 20 }, (_, i) => i + 6));
    expect(await evidence.collect(sim('b', {}))).toEqual({});
    sut.onApplicationShutdown();
  });

  it('follows nothing with SIMSCOPE_EVENTS_MAX_FOLLOWED=0', async () => {
    const { sut, put, port } = setup({ SIMSCOPE_EVENTS_MAX_FOLLOWED: '0' });
    sut.onModuleInit();
    put(sim('a'));
    await flush();
    expect(port.follows).toEqual([]);
    sut.onApplicationShutdown();
  });
});
