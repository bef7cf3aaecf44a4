import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictException, NotFoundException } from '@nestjs/common';
import type { MetaOpsEvent } from '@simscope/contracts';
import type { MetaSettings } from '../config/settings.js';
import { FILES, MetaStoreService } from './meta-store.service.js';
import { MetaService } from './meta.service.js';

/** The store on a real temporary directory (real files, real lock), the service over it. */
async function open(dataDir: string) {
  const settings: MetaSettings = {
    dataDir,
    sync: 'each',
    retentionDays: null,
    webhookUrls: [],
    webhookCooldownMs: 0,
  };
  const store = new MetaStoreService(settings);
  await store.onModuleInit();
  return { store, sut: new MetaService(store) };
}

describe('MetaService on MetaStoreService', () => {
  let dir: string;
  const opened: MetaStoreService[] = [];
  const start = async () => {
    const o = await open(dir);
    opened.push(o.store);
    return o;
  };
  const stop = (store: MetaStoreService) => store.onApplicationShutdown();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'simscope-meta-spec-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(stop));
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves a note only once its line is on disk, and announces it', async () => {
    const { store, sut } = await start();
    const seen: MetaOpsEvent[] = [];
    store.records$.subscribe((e) => seen.push(e));

    const note = await sut.addNote({ category: 'observation', title: 'loss is flat' });

    const lines = (await readFile(join(dir, FILES.notes), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([note.id]);
    expect(seen).toEqual([{ stream: 'notes', record: note }]);
  });

  it('rebuilds notes, runs and objectives from the files after a restart', async () => {
    const first = await start();
    const note = await first.sut.addNote({ category: 'failure', title: 'oom', tags: ['gpu'] });
    const run = await first.sut.createRun({ type: 'training', title: 'sweep 1' });
    await first.sut.runEvent(run.id, { status: 'running', metrics: { loss: 0.5 } });
    const { objective } = await first.sut.enqueue({ objective: 'fix the loader' });
    await first.sut.transition(objective.id, { state: 'claimed' });
    await stop(first.store);
    opened.splice(0);

    const second = await start();
    expect((await second.sut.listNotes({})).items.map((n) => n.id)).toEqual([note.id]);
    expect(second.sut.getRun(run.id)).toMatchObject({
      status: 'running',
      metrics: { loss: { latest: 0.5 } },
    });
    expect(second.store.objectives.get(objective.id)?.state).toBe('claimed');
  });

  it('serves a page of notes as their stored lines: the same Page a parse and encode would give', async () => {
    const first = await start();
    const written = [];
    for (const title of [
      'plain',
      'quote " and \\ backslash',
      'ünïcode ✓ \u2028 line sep',
      'last',
    ]) {
      written.push(await first.sut.addNote({ category: 'observation', title, tags: ['t'] }));
    }
    await stop(first.store);
    opened.splice(0);
    const { sut } = await start(); // after a restart every line comes from disk, none from the cache

    const page = await sut.listNotesJson({ limit: 3 });
    const rest = await sut.listNotesJson({ limit: 3, cursor: written[1].id });

    const newestFirst = [...written].reverse();
    expect(page).toBe(
      JSON.stringify({ items: newestFirst.slice(0, 3), nextCursor: newestFirst[2].id }),
    );
    expect(rest).toBe(JSON.stringify({ items: [written[0]], nextCursor: null }));
    expect(await sut.listNotesJson({ tag: 'none' })).toBe('{"items":[],"nextCursor":null}');
  });

  it('keeps one open objective per dedupe key, and a new one once it is closed', async () => {
    const { sut } = await start();
    const a = await sut.enqueue({ objective: 'stabilise eval', target: 'eval' });
    const again = await sut.enqueue({ objective: 'stabilise eval', target: 'eval' });
    expect(again).toEqual({ objective: a.objective, created: false });

    await sut.transition(a.objective.id, { state: 'claimed' });
    await sut.transition(a.objective.id, { state: 'done' });
    const fresh = await sut.enqueue({ objective: 'stabilise eval', target: 'eval' });
    expect(fresh.created).toBe(true);
    expect(fresh.objective.id).not.toBe(a.objective.id);
  });

  it('refuses an impossible transition (409) and an unknown id (404), writing nothing', async () => {
    const { sut } = await start();
    const run = await sut.createRun({ type: 'training', title: 't' });
    await sut.runEvent(run.id, { status: 'running' });
    await sut.runEvent(run.id, { status: 'completed' });
    const before = await readFile(join(dir, FILES.runs), 'utf8');

    await expect(sut.runEvent(run.id, { status: 'running' })).rejects.toBeInstanceOf(
      ConflictException,
    );
    await expect(sut.runEvent('01NOPE', { status: 'running' })).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(await readFile(join(dir, FILES.runs), 'utf8')).toBe(before);
  });

  it('serialises concurrent events on one run: every line lands, in a valid order', async () => {
    const { sut } = await start();
    const run = await sut.createRun({ type: 'training', title: 't' });
    await sut.runEvent(run.id, { status: 'running' });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => sut.runEvent(run.id, { metrics: { step: i } })),
    );
    const lines = (await readFile(join(dir, FILES.runs), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(52);
    const run2 = sut.getRun(run.id);
    expect(run2.events).toBe(51);
    expect(run2.metrics['step']?.latest).toBe(49);
  });

  it('refuses a second store on the same directory while the first holds it', async () => {
    await start();
    await expect(open(dir)).rejects.toThrow();
  });

  it('starts whatever lines the files hold: each bad kind is skipped, recorded once with its reason', async () => {
    const first = await start();
    const run = await first.sut.createRun({ type: 'training', title: 'kept' });
    const { objective } = await first.sut.enqueue({ objective: 'kept' });
    await first.sut.transition(objective.id, { state: 'claimed' });
    await first.sut.transition(objective.id, { state: 'done' });
    const note = await first.sut.addNote({ category: 'observation', title: 'kept' });
    await stop(first.store);
    opened.splice(0);

    const line = (v: unknown) => `${JSON.stringify(v)}\n`;
    const at = '2026-01-01T00:00:00.000Z';
    await appendFile(
      join(dir, FILES.notes),
      [
        line({}),
        line(null),
        'not json at all\n',
        line({ ...note, id: `${note.id}x`, targets: [{}] }),
        line({ ...note, id: `${note.id}y`, title: 'also kept' }),
      ].join(''),
    );
    await appendFile(
      join(dir, FILES.runs),
      [
        line({
          schema: 'simscope.meta-run-event.v1',
          id: 'e1',
          runId: 'ghost',
          createdAt: at,
          kind: 'event',
          owner: null,
          status: 'running',
        }),
        line({
          schema: 'simscope.meta-run-event.v1',
          id: 'e2',
          runId: run.id,
          createdAt: at,
          kind: 'event',
          owner: null,
          status: 'completed',
        }),
      ].join(''),
    );
    await appendFile(
      join(dir, FILES.objectives),
      line({
        schema: 'simscope.meta-objective-event.v1',
        id: 't1',
        objectiveId: objective.id,
        createdAt: at,
        kind: 'transition',
        state: 'dropped',
        owner: null,
      }),
    );

    const second = await start();
    expect(second.store.skipped).toEqual({ notes: 4, runs: 2, objectives: 1 });
    expect((await second.sut.listNotes({})).items.map((n) => n.title).sort()).toEqual([
      'also kept',
      'kept',
    ]);
    expect(second.sut.getRun(run.id).status).toBe('planned');
    expect(second.store.objectives.get(objective.id)?.state).toBe('done');
    const reasons = async (file: string) =>
      (await readFile(join(dir, `${file}.corrupt`), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { reason: string }).reason);
    expect(await reasons(FILES.notes)).toEqual([
      'field id is missing or malformed',
      'not an object (null)',
      expect.stringMatching(/^not JSON/),
      'field targets is missing or malformed',
    ]);
    expect(await reasons(FILES.runs)).toEqual([
      expect.stringMatching(/^does not apply: run ghost has events before its creation/),
      'does not apply: cannot go from planned to completed',
    ]);
    expect(await reasons(FILES.objectives)).toEqual([
      'does not apply: cannot go from done to dropped',
    ]);

    // The store still writes, and the next start records nothing twice.
    await second.sut.addNote({ category: 'observation', title: 'after' });
    await stop(second.store);
    opened.splice(0);
    await start();
    expect(await reasons(FILES.notes)).toHaveLength(4);
  });
});
