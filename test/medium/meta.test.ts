import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, appendFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetaOpsEvent, MetaOverview, Note, Objective, Run } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { removeContainer, runContainer, testEngineHost, uniqueName } from '../support/factories.js';
import { connect, firstSnapshot } from '../support/live.js';

const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const files = (dir: string) =>
  ['meta_notes.v1.jsonl', 'meta_runs.v1.jsonl', 'meta_objectives.v1.jsonl'].map((f) =>
    existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '',
  );

describe('meta operations over HTTP', () => {
  let running: RunningApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'simscope-meta-'));
    running = await startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_DATA_DIR: dataDir });
  });
  afterAll(async () => running?.close());
  const runningApp = () => running;

  const valid = {
    category: 'observation',
    title: 'loss plateau',
    text: 'since step 40k',
    tags: ['exp-1'],
  };

  it.each<[string, unknown, RegExp | null, number]>([
    ['wrong type', { ...valid, title: 42 }, /title/, 400],
    ['missing field', { category: 'failure' }, /a note needs a title, or a text/, 400],
    ['extra field', { ...valid, admin: true }, /property admin should not exist/, 400],
    [
      'title too long',
      { ...valid, title: 'x'.repeat(161) },
      /title must be shorter than or equal to 160/,
      400,
    ],
    [
      'text too long',
      { ...valid, text: 'x'.repeat(4001) },
      /text must be shorter than or equal to 4000/,
      400,
    ],
    ['bad enum', { ...valid, severity: 'meh' }, /severity must be one of/, 400],
    [
      'bad nested target',
      { ...valid, targets: [{ kind: 'planet', id: 'x' }] },
      /kind must be one of/,
      400,
    ],
    [
      'a target that is a nested array',
      { ...valid, targets: [[]] },
      /targets must be an object/,
      400,
    ],
    ['a target that is an empty object', { ...valid, targets: [{}] }, /kind must be one of/, 400],
    ['a blank title', { ...valid, title: ' \t ' }, /title must not be blank/, 400],
    [
      'a body nested 5,000 deep',
      `{"category":"observation","title":"x","text":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      /nests deeper than 32/,
      400,
    ],
    [
      'a lone surrogate in the title',
      '{"category":"observation","title":"a\\ud800b"}',
      /lone surrogate/,
      400,
    ],
    ['malformed JSON', '{"category": ', null, 400],
    ['oversized body', { ...valid, text: 'x'.repeat(70 * 1024) }, null, 413],
  ])('%s: refused with field messages, files unchanged', async (_case, body, message, status) => {
    const before = files(dataDir);
    const res = await post(running.baseUrl, '/api/meta/notes', body);
    const json = (await res.json()) as {
      message: string | string[];
      fields?: Record<string, string[]>;
    };

    expect(res.status).toBe(status);
    if (message) {
      expect([json.message].flat().join(' ')).toMatch(message);
      expect(Object.keys(json.fields ?? {}).length).toBeGreaterThan(0);
    }
    expect(files(dataDir)).toEqual(before);
  });

  it.each<[string, string, unknown, RegExp]>([
    [
      'a run target that is a nested array',
      '/api/meta/runs',
      { type: 'training', title: 't', targets: [[]] },
      /targets must be an object/,
    ],
    [
      'a blank run title',
      '/api/meta/runs',
      { type: 'training', title: '   ' },
      /title must not be blank/,
    ],
    [
      'a blank objective',
      '/api/meta/objective/enqueue',
      { objective: '\n ' },
      /objective must not be blank/,
    ],
    [
      'a metadata key over 64 characters',
      '/api/meta/objective/enqueue',
      { objective: 'o', metadata: { ['k'.repeat(65)]: 1 } },
      /metadata keys must be at most 64/,
    ],
  ])('%s: 400 with field messages, files unchanged', async (_case, path, body, message) => {
    const before = files(dataDir);
    const res = await post(running.baseUrl, path, body);
    const json = (await res.json()) as { message: string | string[]; fields?: object };
    expect(res.status).toBe(400);
    expect([json.message].flat().join(' ')).toMatch(message);
    expect(Object.keys(json.fields ?? {}).length).toBeGreaterThan(0);
    expect(files(dataDir)).toEqual(before);
  });

  it.each([['2020-W01'], ['2020-001'], ['yesterday'], ['2026-02-30']])(
    'refuses since=%s (not a calendar date) with 400 instead of ignoring the filter',
    async (since) => {
      const res = await fetch(`${running.baseUrl}/api/meta/notes?since=${since}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(/since/);
    },
  );

  it('writes exactly 1,000 valid lines for 1,000 parallel POSTs', async () => {
    const before = files(dataDir)[0]?.split('\n').filter(Boolean).length ?? 0;
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        post(running.baseUrl, '/api/meta/notes', { ...valid, title: `n${i}` }),
      ),
    );

    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const lines = (files(dataDir)[0] ?? '').split('\n').filter(Boolean);
    expect(lines.length - before).toBe(1000);
    expect(new Set(lines.map((l) => (JSON.parse(l) as Note).id)).size).toBe(lines.length);
    const page = (await (await fetch(`${running.baseUrl}/api/meta/notes?limit=500`)).json()) as {
      items: Note[];
      nextCursor: string;
    };
    expect(page.items).toHaveLength(500);
    const next = (await (
      await fetch(`${running.baseUrl}/api/meta/notes?limit=500&cursor=${page.nextCursor}`)
    ).json()) as { items: Note[] };
    expect(next.items[0]?.id < (page.items.at(-1)?.id ?? '')).toBe(true);
  });

  it('tracks runs through valid transitions, refuses invalid ones with 409, and keeps metrics', async () => {
    const run = (await (
      await post(running.baseUrl, '/api/meta/runs', { type: 'training', title: 'r1', owner: 'ana' })
    ).json()) as Run;
    expect(run.status).toBe('planned');
    const ev = (body: unknown) => post(running.baseUrl, `/api/meta/runs/${run.id}/events`, body);

    expect((await ev({ status: 'completed' })).status).toBe(409);
    expect((await ev({ status: 'running', metrics: { loss: 0.9 } })).status).toBe(201);
    const after = (await (await ev({ metrics: { loss: 0.5, acc: 0.7 } })).json()) as Run;
    expect((await ev({ metrics: { loss: 'low' } })).status).toBe(400);
    expect(
      (await post(running.baseUrl, '/api/meta/runs/nope/events', { status: 'running' })).status,
    ).toBe(404);

    expect(after).toMatchObject({
      status: 'running',
      metrics: { loss: { latest: 0.5 }, acc: { latest: 0.7 } },
    });
    expect(after.metrics.loss?.history.map((p) => p.value)).toEqual([0.9, 0.5]);
    const active = (await (
      await fetch(`${runningApp().baseUrl}/api/meta/runs?status=running&type=training`)
    ).json()) as { items: Run[] };
    expect(active.items.map((r) => r.id)).toContain(run.id);
    expect((await fetch(`${runningApp().baseUrl}/api/meta/runs?status=paused`)).status).toBe(400);
  });

  it('enqueues objectives idempotently while open, and transitions them', async () => {
    const body = { objective: 'Re-run the eval on shard 3', target: 'exp-1', priority: 'high' };
    const first = await post(running.baseUrl, '/api/meta/objective/enqueue', body);
    const again = await post(running.baseUrl, '/api/meta/objective/enqueue', {
      ...body,
      objective: 're-run the eval  on shard 3',
    });
    const a = (await first.json()) as Objective;
    const b = (await again.json()) as Objective;

    expect([first.status, again.status]).toEqual([201, 200]);
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ objectiveType: 'evaluation', priority: 'high', state: 'queued' });
    const tr = (state: string) =>
      post(running.baseUrl, `/api/meta/objectives/${a.id}/transition`, { state });
    expect((await tr('done')).status).toBe(409);
    expect((await tr('claimed')).status).toBe(200);
    expect((await tr('done')).status).toBe(200);
    const reopened = await post(running.baseUrl, '/api/meta/objective/enqueue', body);
    expect(reopened.status).toBe(201);
    expect(
      (
        await post(running.baseUrl, '/api/meta/objective/enqueue', {
          ...body,
          metadata: { nested: { no: 1 } },
        })
      ).status,
    ).toBe(400);
  });

  it('pushes every new record to socket subscribers as meta_ops', async () => {
    const socket = connect(running.baseUrl);
    const seen: MetaOpsEvent[] = [];
    socket.on('meta_ops', (e) => seen.push(e));
    await firstSnapshot(socket);
    await post(running.baseUrl, '/api/meta/notes', { ...valid, title: 'pushed' });
    await eventually(
      () => seen.find((e) => e.stream === 'notes' && e.record.title === 'pushed'),
      2000,
      'meta_ops',
    );
    socket.disconnect();
  });

  it('keeps run and objective state across a restart, and refuses a second server on the directory', async () => {
    const runsBefore = (await (await fetch(`${running.baseUrl}/api/meta/runs`)).json()) as {
      items: Run[];
    };
    const objectivesBefore = (await (
      await fetch(`${running.baseUrl}/api/meta/objectives`)
    ).json()) as { items: Objective[] };

    await expect(
      startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_DATA_DIR: dataDir }),
    ).rejects.toThrow(/another simscope server/);

    await running.close();
    running = await startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_DATA_DIR: dataDir });
    const runsAfter = (await (await fetch(`${running.baseUrl}/api/meta/runs`)).json()) as {
      items: Run[];
    };
    const objectivesAfter = (await (
      await fetch(`${running.baseUrl}/api/meta/objectives`)
    ).json()) as { items: Objective[] };
    expect(runsAfter.items).toEqual(runsBefore.items);
    expect(objectivesAfter.items).toEqual(objectivesBefore.items);
  });

  it('requires the bearer token for writes when one is set', async () => {
    const token = 'meta-test-token-123456';
    const secured = await startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_API_TOKEN: token });
    try {
      expect((await post(secured.baseUrl, '/api/meta/notes', valid)).status).toBe(401);
      expect(
        (
          await post(secured.baseUrl, '/api/meta/notes', valid, {
            authorization: 'Bearer wrong-token-0000000',
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await post(secured.baseUrl, '/api/meta/notes', valid, {
            authorization: `Bearer ${token}`,
          })
        ).status,
      ).toBe(201);
      expect((await fetch(`${secured.baseUrl}/api/meta/notes`)).status).toBe(200);
      // "Retry now" makes the server work, so it counts as a write too.
      expect((await post(secured.baseUrl, '/api/docker/reconcile', {})).status).toBe(401);
      expect(
        (
          await post(
            secured.baseUrl,
            '/api/docker/reconcile',
            {},
            { authorization: `Bearer ${token}` },
          )
        ).status,
      ).toBe(200);
    } finally {
      await secured.close();
    }
  });

  it('rate-limits writes per client with 429 and Retry-After', async () => {
    const limited = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_WRITE_RATE_LIMIT: '5',
    });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 7; i++) {
        const res = await post(limited.baseUrl, '/api/meta/notes', valid);
        statuses.push(res.status);
        retryAfter ??= res.headers.get('retry-after');
      }
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('crash safety', () => {
  const writer = fileURLToPath(new URL('../support/meta-writer.mjs', import.meta.url));

  it('keeps every acknowledged record when the writer is SIGKILLed mid-append, and quarantines a torn tail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simscope-crash-'));
    const child = spawn(process.execPath, [writer, dir, '50'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked = new Set<string>();
    let buf = '';
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        acked.add(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    await eventually(() => acked.size >= 500, 20_000, '500 acknowledged writes');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // And a torn line, as a crash between write and newline would leave.
    appendFileSync(
      join(dir, 'meta_notes.v1.jsonl'),
      '{"schema":"simscope.meta-note.v1","id":"01TORN","ti',
    );

    const running = await startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_DATA_DIR: dir });
    try {
      const ids = new Set<string>();
      let cursor: string | null = null;
      do {
        const page = (await (
          await fetch(
            `${running.baseUrl}/api/meta/notes?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          )
        ).json()) as { items: Note[]; nextCursor: string | null };
        page.items.forEach((n) => ids.add(n.id));
        cursor = page.nextCursor;
      } while (cursor);
      const missing = [...acked].filter((id) => !ids.has(id));
      expect(missing).toEqual([]);
      const text = readFileSync(join(dir, 'meta_notes.v1.jsonl'), 'utf8');
      text
        .split('\n')
        .filter(Boolean)
        .forEach((l) => expect(() => JSON.parse(l) as unknown).not.toThrow());
      const sidecar = readFileSync(join(dir, 'meta_notes.v1.jsonl.corrupt'), 'utf8');
      expect(JSON.parse(sidecar.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
        offset: expect.any(Number),
        bytes: expect.any(Number),
      });
    } finally {
      await running.close();
    }
  }, 60_000);
});

describe('the docker failure feed and webhooks', () => {
  let receiver: Server;
  const alerts: { text: string; note: Note }[] = [];
  let running: RunningApp;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        alerts.push(JSON.parse(body) as { text: string; note: Note });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const { port } = receiver.address() as { port: number };
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_WEBHOOK_URLS: `http://127.0.0.1:${port}/hook`,
    });
    await eventually(async () => (await running.client.dockerStatus()).reachable, 10_000, 'live');
  });
  afterAll(async () => {
    await running.close();
    receiver.close();
  });

  const failureNotes = async (id: string) =>
    (
      (await (
        await fetch(`${running.baseUrl}/api/meta/notes?category=failure&target=${id}`)
      ).json()) as { items: Note[] }
    ).items;

  it('writes exactly one failure note for an OOM kill', async () => {
    const id = runContainer({
      name: uniqueName('sim-oom-note'),
      flags: ['--memory', '8m'],
      command: ['tail', '/dev/zero'],
    });
    await eventually(async () => (await failureNotes(id)).length > 0, 5000, 'a failure note');
    await new Promise((r) => setTimeout(r, 1000));

    const notes = await failureNotes(id);
    expect(notes).toHaveLength(1);
    const automatic = notes[0];
    const overview = (await (
      await fetch(`${running.baseUrl}/api/meta/overview`)
    ).json()) as MetaOverview;
    expect(overview.failingNow.map((c) => c.id)).toContain(id);
    expect(overview.latestFailureNotes[0]?.targets[0]?.id).toBe(id);
    // The feed's own note says what happened; the team is still asked for theirs (it used to vanish
    // ~1.5 s after the failure, when the automatic note counted as the team's).
    expect(overview.suggestions.map((x) => x.kind)).toEqual(
      expect.arrayContaining(['capture-failure-note', 'enqueue-objective', 'register-runs']),
    );
    const written = await post(running.baseUrl, '/api/meta/notes', {
      category: 'failure',
      title: 'dataloader leak',
      targets: [{ kind: 'container', id }],
    });
    expect(written.status).toBe(201);
    const after = (await (
      await fetch(`${running.baseUrl}/api/meta/overview`)
    ).json()) as MetaOverview;
    expect(after.suggestions.filter((x) => x.target?.id === id)).toEqual([]);
    expect(automatic).toMatchObject({
      source: 'docker',
      category: 'failure',
      severity: 'critical',
      tags: ['oom-killed', 'docker'],
    });
    removeContainer(id);
  });

  it('sends one alert, not hundreds, for a container that keeps crash-looping', async () => {
    const id = runContainer({
      name: uniqueName('sim-loop-alert'),
      flags: ['--restart', 'always'],
      command: ['sh', '-c', 'exit 3'],
    });
    await eventually(
      () => alerts.some((a) => a.note.targets.some((t) => t.id === id)),
      10_000,
      'an alert',
    );
    // Let it loop (Docker's restart backoff grows to seconds) and keep alerting if it would.
    await new Promise((r) => setTimeout(r, 20_000));

    const mine = alerts.filter((a) => a.note.targets.some((t) => t.id === id));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.text).toMatch(/^\[simscope\] /);
    removeContainer(id);
  }, 60_000);
});
