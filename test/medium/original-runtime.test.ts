import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetaOverview, Note, Objective, Page, Run } from '@simscope/contracts';
import { appForSuite } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { removeContainer, runContainer, testEngineHost, uniqueName } from '../support/factories.js';

/** Bodies as a client written for the original runtime sends them (its meta_ops shapes). */
const send = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('requests in the original runtime’s shape', () => {
  const suite = appForSuite({ DOCKER_HOST: testEngineHost() });
  const base = () => suite.running.baseUrl;

  it.each<[string, Record<string, unknown>, Partial<Note>]>([
    [
      'a note with text and category only (title from the first line)',
      { text: 'dataloader stalls at epoch 3\nworkers=8', category: 'failure' },
      {
        title: 'dataloader stalls at epoch 3',
        text: 'dataloader stalls at epoch 3\nworkers=8',
        category: 'failure',
        severity: 'info',
      },
    ],
    [
      'a note with text alone (category observation)',
      { text: 'looks fine', owner: 'Err' },
      { title: 'looks fine', category: 'observation', owner: 'Err' },
    ],
    [
      'tags and targets as comma-separated strings, repeats once',
      { text: 't', tags: 'gpu, oom,GPU,', targets: 'sim-a-1, cluster:sweep-a,sim-a-1' },
      {
        tags: ['gpu', 'oom'],
        targets: [
          { kind: 'container', id: 'sim-a-1' },
          { kind: 'cluster', id: 'sweep-a' },
        ],
      },
    ],
    [
      'targets as a list of plain strings, and a context',
      {
        title: 'x',
        text: 't',
        targets: ['sim-b-2', 'experiment:lr-sweep'],
        context: { epoch: 3, gpu: 'a100', retried: true },
      },
      {
        targets: [
          { kind: 'container', id: 'sim-b-2' },
          { kind: 'experiment', id: 'lr-sweep' },
        ],
        context: { epoch: 3, gpu: 'a100', retried: true },
      },
    ],
  ])('%s → 201', async (_, body, expected) => {
    const res = await send(base(), '/api/meta/notes', body);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ schema: 'simscope.meta-note.v1', ...expected });
  });

  it('creates a run from the original’s fields, at the status it names, with its metrics', async () => {
    const res = await send(base(), '/api/meta/runs', {
      run_type: 'training',
      title: 'baseline lr 3e-4',
      owner: 'Err',
      status: 'completed',
      objective: 'beat 0.8',
      model_ref: 'resnet50@v3',
      dataset_ref: 'imagenet-mini',
      notes: 'warm start from run 12',
      tags: 'baseline,lr',
      targets: ['sim-train-1'],
      links: 'https://example.test/a, https://example.test/b',
      metrics: { loss: 0.31, accuracy: 0.82 },
    });
    expect(res.status).toBe(201);
    const run = (await res.json()) as Run;
    expect(run).toMatchObject({
      type: 'training',
      model: 'resnet50@v3',
      dataset: 'imagenet-mini',
      description: 'warm start from run 12',
      status: 'completed',
      tags: ['baseline', 'lr'],
      targets: [{ kind: 'container', id: 'sim-train-1' }],
      links: ['https://example.test/a', 'https://example.test/b'],
      events: 2,
    });
    expect(run.metrics['loss']?.latest).toBe(0.31);

    // The original's list filters: target and run_type.
    const byTarget = (await (
      await fetch(`${base()}/api/meta/runs?target=sim-train-1&run_type=training`)
    ).json()) as Page<Run>;
    expect(byTarget.items.map((r) => r.id)).toEqual([run.id]);
    const other = (await (
      await fetch(`${base()}/api/meta/runs?target=nobody`)
    ).json()) as Page<Run>;
    expect(other.items).toEqual([]);
  });

  it('enqueues an objective with objective_type and dedupe_key', async () => {
    const body = {
      objective: 'stabilise sweep-a',
      objective_type: 'stabilization',
      dedupe_key: 'k1',
    };
    const first = await send(base(), '/api/meta/objective/enqueue', body);
    expect(first.status).toBe(201);
    const again = await send(base(), '/api/meta/objective/enqueue', body);
    expect(again.status).toBe(200);
    expect((await first.json()) as Objective).toMatchObject({
      objectiveType: 'stabilization',
      dedupeKey: 'k1',
    });
  });

  it.each<[string, string, Record<string, unknown>, string, RegExp]>([
    [
      'both spellings, different values',
      '/api/meta/runs',
      { run_type: 'training', type: 'evaluation', title: 'x' },
      'run_type',
      /run_type and type are the same field with different values/,
    ],
    [
      'an unknown run type under the original name',
      '/api/meta/runs',
      { run_type: 'trainin', title: 'x' },
      'type',
      /type must be one of: training, evaluation/,
    ],
    [
      'a status outside the list (not coerced to planned)',
      '/api/meta/runs',
      { type: 'training', title: 'x', status: 'done' },
      'status',
      /status must be one of/,
    ],
    [
      'neither title nor text',
      '/api/meta/notes',
      { category: 'failure' },
      'title',
      /a note needs a title, or a text to take it from/,
    ],
    [
      'a title of zero-width spaces',
      '/api/meta/notes',
      { title: '\u200b\u200b', category: 'observation' },
      'title',
      /title must not be blank/,
    ],
    [
      'an objective of a byte-order mark and spaces',
      '/api/meta/objective/enqueue',
      { objective: '\ufeff  ' },
      'objective',
      /objective must not be blank/,
    ],
    [
      'a nested context',
      '/api/meta/notes',
      { text: 't', context: { a: { b: 1 } } },
      'context',
      /context.a must be a string, a finite number or a boolean/,
    ],
    [
      'a string metric',
      '/api/meta/runs',
      { type: 'training', title: 'x', metrics: { loss: 'low' } },
      'metrics',
      /metrics must map names/,
    ],
  ])('%s → 400 on %s', async (_, path, body, field, message) => {
    const res = await send(base(), path, body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { fields: Record<string, string[]> };
    expect(answer.fields[field]?.join(' ')).toMatch(message);
  });

  it('accepts both spellings when they agree', async () => {
    const res = await send(base(), '/api/meta/runs', {
      run_type: 'evaluation',
      type: 'evaluation',
      title: 'agree',
    });
    expect(res.status).toBe(201);
  });

  it('takes ?refresh=true on the simulations and overview reads, and the overview’s limits', async () => {
    const sims = await fetch(`${base()}/api/docker/simulations?refresh=true`);
    expect(sims.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      await send(base(), '/api/meta/notes', { text: `failure ${i}`, category: 'failure' });
    }
    const res = await fetch(`${base()}/api/meta/overview?refresh=true&notes_limit=2&runs_limit=1`);
    expect(res.status).toBe(200);
    const overview = (await res.json()) as MetaOverview;
    expect(overview.latestFailureNotes).toHaveLength(2);
    expect(overview.activeRuns.length).toBeLessThanOrEqual(1);
    const bad = await fetch(`${base()}/api/docker/simulations?refresh=maybe`);
    expect(bad.status).toBe(400);
  });
});

describe('the original runtime’s labels', () => {
  const suite = appForSuite(
    { DOCKER_HOST: testEngineHost(), SIMSCOPE_LABEL_PREFIX: 'io.fork_tales.simulation' },
    { removeContainersOf: testEngineHost() },
  );

  it('discovers a container labelled io.fork_tales.simulation=true, with its role and name', async () => {
    const name = uniqueName('eta-mu-experiment');
    const excluded = uniqueName('sim-excluded');
    runContainer({
      name,
      labels: {
        'io.fork_tales.simulation': 'true',
        'io.fork_tales.simulation.role': 'experiment',
        'io.fork_tales.simulation.name': 'Experiment alpha',
      },
    });
    // A matching name opted out with the bare label.
    runContainer({ name: excluded, labels: { 'io.fork_tales.simulation': 'false' } });

    const row = await eventually(
      async () =>
        (await suite.running.client.simulations({ q: name })).containers.find(
          (c) => c.name === name,
        ),
      10_000,
      'the labelled container discovered',
    );
    expect(row).toMatchObject({
      discoveredBy: 'label',
      role: 'experiment',
      displayName: 'Experiment alpha',
    });
    const all = await suite.running.client.simulations({ q: excluded });
    expect(all.containers).toEqual([]);
    removeContainer(name);
    removeContainer(excluded);
  });
});

describe('the original runtime’s data files', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'simscope-legacy-'));
  const notes = [
    {
      v: 'eta-mu.meta-note.v1',
      ts: '2026-03-01T10:00:00.000000+00:00',
      id: 'note-0a1b2c3d4e5f',
      owner: 'Err',
      title: '',
      text: 'OOM in eta-mu-alpha during warmup\nsecond line',
      severity: 'critical',
      category: 'failure',
      tags: ['oom', 'gpu'],
      targets: ['eta-mu-alpha'],
      context: { step: 40, host: 'gpu1' },
    },
    {
      v: 'eta-mu.meta-note.v1',
      ts: '2026-03-02T09:30:00+00:00',
      id: 'note-ffeeddccbbaa',
      owner: 'Err',
      title: 'weekly check',
      text: 'all green',
      severity: 'info',
      category: 'observation',
      tags: [],
      targets: [],
      context: {},
    },
  ];
  const runs = [
    {
      v: 'eta-mu.meta-run.v1',
      ts: '2026-03-01T08:00:00+00:00',
      id: 'run-1234567890ab',
      owner: 'Err',
      run_type: 'training',
      status: 'completed',
      title: 'baseline',
      objective: 'reach 0.8',
      model_ref: 'resnet50',
      dataset_ref: 'mini',
      notes: 'first try',
      tags: ['baseline'],
      targets: ['eta-mu-alpha'],
      links: [],
      metrics: { accuracy: 0.81, optimizer: 'adamw' },
    },
  ];
  const py = (rows: object[]) =>
    rows.map((r) => JSON.stringify(r).replace(/":/g, '": ')).join('\n') + '\n';
  const notesText = py(notes) + 'not json at all\n';
  const runsText = py(runs);
  writeFileSync(join(dataDir, 'meta_notes.v1.jsonl'), notesText);
  writeFileSync(join(dataDir, 'meta_runs.v1.jsonl'), runsText);
  const suite = appForSuite({ DOCKER_HOST: testEngineHost(), SIMSCOPE_DATA_DIR: dataDir });

  it('starts, lists the notes and runs in simscope’s shape, and keeps the original files untouched', async () => {
    const client = suite.running.client;
    const page = await client.notes({});
    expect(page.items.map((n) => n.title)).toEqual([
      'weekly check',
      'OOM in eta-mu-alpha during warmup',
    ]);
    expect(page.items[1]).toMatchObject({
      schema: 'simscope.meta-note.v1',
      legacyId: 'note-0a1b2c3d4e5f',
      createdAt: '2026-03-01T10:00:00.000Z',
      owner: 'Err',
      severity: 'critical',
      category: 'failure',
      tags: ['oom', 'gpu'],
      targets: [{ kind: 'container', id: 'eta-mu-alpha' }],
      context: { step: 40, host: 'gpu1' },
    });
    // The filters work on imported notes, and new notes sort after them.
    const failures = await client.notes({ category: 'failure' });
    expect(failures.items.map((n) => n.legacyId)).toEqual(['note-0a1b2c3d4e5f']);
    const fresh = await client.addNote({ category: 'observation', title: 'after the import' });
    expect((await client.notes({ limit: 1 })).items[0]?.id).toBe(fresh.id);

    const [run] = (await client.runs({})).items;
    expect(run).toMatchObject({
      legacyId: 'run-1234567890ab',
      type: 'training',
      status: 'completed',
      model: 'resnet50',
      dataset: 'mini',
      description: 'first try',
      createdAt: '2026-03-01T08:00:00.000Z',
    });
    expect(run?.metrics['accuracy']?.latest).toBe(0.81);
    // The original id still finds the run.
    expect((await client.run('run-1234567890ab')).id).toBe(run?.id);

    const backups = readdirSync(dataDir).filter((f) => f.includes('original-runtime'));
    expect(backups.sort()).toEqual([
      'meta_notes.v1.jsonl.original-runtime',
      'meta_runs.v1.jsonl.original-runtime',
    ]);
    expect(readFileSync(join(dataDir, 'meta_notes.v1.jsonl.original-runtime'), 'utf8')).toBe(
      notesText,
    );
    expect(readFileSync(join(dataDir, 'meta_runs.v1.jsonl.original-runtime'), 'utf8')).toBe(
      runsText,
    );
  });
});
