import type { CreateNoteDto } from '@simscope/contracts';
import { ActionPorts } from '../adapters/docker/docker-action-engines.js';
import {
  ContainerGoneError,
  DockerActionsPort,
  type ActionOutcome,
} from '../adapters/docker/docker-actions.port.js';
import type { Identity } from '../auth/identity.js';
import { loadConfig } from '../config/app-config.js';
import { toSettings } from '../config/settings.js';
import type { InventoryReader } from '../docker/inventory-reader.js';
import type { MetaService } from '../meta/meta.service.js';
import { aContainer } from '../testing/factories.js';
import { ActionsService } from './actions.service.js';

class FakeActionsPort extends DockerActionsPort {
  readonly endpoint = 'fake://';
  readonly calls: string[] = [];
  answer: () => Promise<ActionOutcome> = () => Promise.resolve('done');
  start(id: string) {
    this.calls.push(`start ${id}`);
    return this.answer();
  }
  stop(id: string, t: number) {
    this.calls.push(`stop ${id} t=${t}`);
    return this.answer();
  }
  restart(id: string, t: number) {
    this.calls.push(`restart ${id} t=${t}`);
    return this.answer();
  }
}

const admin: Identity = { id: 'k1', name: 'ada', role: 'admin', via: 'key' };
const anonymous: Identity = { id: 'anonymous', name: 'anonymous', role: 'admin', via: 'none' };

function setup(env: Record<string, string> = {}) {
  const rows = [
    aContainer('sim1', { name: 'sim-1', cluster: 'lab' }),
    aContainer('db1', { name: 'db', labels: { 'simscope.protected': 'true' } }),
  ];
  const inventory = {
    rows: () => rows,
    resolve: (ref: string) => rows.find((r) => r.id === ref || r.name === ref) ?? null,
  } as unknown as InventoryReader;
  const notes: (CreateNoteDto & { author?: unknown })[] = [];
  const meta = {
    addNote: (dto: CreateNoteDto, _source: string, author?: unknown) => {
      notes.push({ ...dto, author });
      return Promise.resolve({ id: `n${notes.length}`, title: dto.title });
    },
  } as unknown as MetaService;
  const port = new FakeActionsPort();
  const ports: ActionPorts = { port: (host: string) => (host === 'local' ? port : undefined) };
  const settings = toSettings(
    loadConfig({ SIMSCOPE_ACTIONS: 'on', SIMSCOPE_API_TOKEN: 'x'.repeat(16), ...env }),
  );
  const sut = new ActionsService(
    inventory,
    meta,
    settings.actions,
    settings.discovery,
    settings.actions.enabled ? ports : null,
    null,
  );
  return { sut, port, notes, rows };
}

const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: { getStatus?: () => number; message?: string }) => err.getStatus?.() ?? err.message,
  );

describe('ActionsService', () => {
  it('restarts a simulation through the action port and records who, what, result and time', async () => {
    const { sut, port, notes } = setup({ SIMSCOPE_ACTIONS_STOP_TIMEOUT: '3' });
    const answer = await sut.act('sim-1', 'restart', admin, '10.0.0.1');

    expect(port.calls).toEqual(['restart sim1 t=3']);
    expect(answer).toMatchObject({
      schema: 'simscope.action.v1',
      action: 'restart',
      container: { id: 'sim1', name: 'sim-1', host: 'local' },
      result: 'done',
      noteId: 'n1',
    });
    expect(notes).toEqual([
      expect.objectContaining({
        category: 'action',
        severity: 'info',
        title: expect.stringMatching(/^restart sim-1: done in \d+\.\d s$/),
        tags: ['action', 'restart', 'done'],
        targets: [
          { kind: 'container', id: 'sim1' },
          { kind: 'cluster', id: 'lab' },
        ],
        context: expect.objectContaining({ action: 'restart', result: 'done', host: 'local' }),
        author: expect.objectContaining({ name: 'ada' }),
      }),
    ]);
  });

  it('says "already" when Docker answers that the container already is so', async () => {
    const { sut, port, notes } = setup();
    port.answer = () => Promise.resolve('already');
    await expect(sut.act('sim-1', 'start', admin, 'ip')).resolves.toMatchObject({
      result: 'already',
    });
    expect(notes[0]?.title).toMatch(/^start sim-1: already running in/);
  });

  it('refuses a protected container with 403, records the refusal, and never calls Docker', async () => {
    const { sut, port, notes } = setup();
    const err = await sut.act('db', 'stop', admin, 'ip').catch((e: unknown) => e);

    expect(err).toMatchObject({
      status: 403,
      response: { message: 'db is labelled simscope.protected=true', noteId: 'n1' },
    });
    expect(port.calls).toEqual([]);
    expect(notes[0]).toMatchObject({
      severity: 'watch',
      title: 'stop db: refused',
      text: 'Refused: db is labelled simscope.protected=true.',
      tags: ['action', 'stop', 'refused'],
    });
  });

  it('refuses a caller without the admin role, and records who tried', async () => {
    const { sut, notes } = setup();
    const operator: Identity = { id: 'k2', name: 'otto', role: 'operator', via: 'key' };
    await expect(statusOf(sut.act('sim-1', 'stop', operator, 'ip'))).resolves.toBe(403);
    expect(notes[0]).toMatchObject({
      title: 'stop sim-1: refused',
      author: expect.objectContaining({ name: 'otto' }),
    });
  });

  it.each([
    ['a Docker failure → 502', new Error('socket hang up'), 502, 'Docker answered: socket hang up'],
    [
      'a container gone → 404',
      new ContainerGoneError('sim1'),
      404,
      'Docker answered: no container sim1',
    ],
  ])('records %s', async (_, error, status, text) => {
    const { sut, port, notes } = setup();
    port.answer = () => Promise.reject(error);
    await expect(statusOf(sut.act('sim-1', 'stop', admin, 'ip'))).resolves.toBe(status);
    expect(notes[0]).toMatchObject({
      severity: 'warning',
      text,
      tags: ['action', 'stop', 'failed'],
    });
  });

  it('answers 404 for an unknown simulation without a note', async () => {
    const { sut, notes } = setup();
    await expect(statusOf(sut.act('nope', 'start', admin, 'ip'))).resolves.toBe(404);
    expect(notes).toEqual([]);
  });

  it('answers 404 with actions off, and has no action port at all', async () => {
    const { sut, notes } = setup({ SIMSCOPE_ACTIONS: 'off' });
    const err = await sut.act('sim-1', 'start', admin, 'ip').catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 404,
      message: 'container actions are switched off on this server',
    });
    expect(notes).toEqual([]);
  });

  it('limits each caller per minute (by identity, else by address), before any note', async () => {
    const { sut, notes } = setup({ SIMSCOPE_ACTIONS_RATE_LIMIT: '2' });
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await statusOf(sut.act('sim-1', 'restart', anonymous, '10.0.0.1')));
    }
    results.push(await statusOf(sut.act('sim-1', 'restart', anonymous, '10.0.0.2')));
    results.push(await statusOf(sut.act('sim-1', 'restart', admin, '10.0.0.1')));
    expect(results).toEqual(['ok', 'ok', 429, 'ok', 'ok']);
    expect(notes).toHaveLength(4);
  });
});
