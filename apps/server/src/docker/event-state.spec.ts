import type { ContainerDetails } from '../adapters/docker/docker.types.js';
import { someDetails } from '../testing/factories.js';
import { stateFromEvent } from './event-state.js';

const AT = Date.parse('2026-06-01T12:00:00.250Z');
const ISO = '2026-06-01T12:00:00.250Z';
const health = { status: 'unhealthy', failingStreak: 4, log: [] };

const exited = someDetails('a', {
  state: {
    status: 'exited',
    running: false,
    exitCode: 3,
    finishedAt: '2026-06-01T11:00:00.000Z',
    health,
  },
});
const running = someDetails('a', { state: { health } });
const paused = someDetails('a', { state: { status: 'paused', paused: true } });
const created = someDetails('a', {
  state: { status: 'created', running: false, startedAt: null },
});

type Expected = Partial<ContainerDetails['state']> | null;

describe('stateFromEvent', () => {
  it.each<[string, ContainerDetails, string, Record<string, string>, Expected]>([
    [
      'start after an exit: running since the event, the verdict of the healthcheck reset',
      exited,
      'start',
      {},
      {
        status: 'running',
        running: true,
        exitCode: 0,
        startedAt: ISO,
        finishedAt: '2026-06-01T11:00:00.000Z',
        health: { status: 'starting', failingStreak: 0, log: [] },
      },
    ],
    [
      'first start of a created container',
      created,
      'start',
      {},
      { status: 'running', running: true, startedAt: ISO, health: null },
    ],
    [
      'die with its exit code',
      running,
      'die',
      { exitCode: '137' },
      {
        status: 'exited',
        running: false,
        exitCode: 137,
        finishedAt: ISO,
        startedAt: '2026-01-01T00:00:01.000Z',
      },
    ],
    [
      'die without a readable exit code keeps the last one',
      exited,
      'die',
      { exitCode: 'x' },
      { status: 'exited', exitCode: 3, finishedAt: ISO },
    ],
    ['pause of a running container', running, 'pause', {}, { status: 'paused', paused: true }],
    ['pause of a stopped one says nothing', exited, 'pause', {}, null],
    ['unpause', paused, 'unpause', {}, { status: 'running', paused: false }],
    ['unpause of one not paused says nothing', running, 'unpause', {}, null],
    ['kill says nothing certain (a stop may time out)', running, 'kill', { signal: '15' }, null],
    ['stop comes after die: nothing more', running, 'stop', {}, null],
    ['create', created, 'create', {}, null],
  ])('%s', (_, details, action, attributes, expected) => {
    const sut = stateFromEvent(details, { action, timeMs: AT, attributes });

    if (expected === null) {
      expect(sut).toBeNull();
    } else {
      expect(sut?.state).toMatchObject(expected);
      expect({ ...sut, state: undefined }).toEqual({ ...details, state: undefined });
    }
  });

  it('does not touch the details it was given', () => {
    const before = structuredClone(exited);

    stateFromEvent(exited, { action: 'start', timeMs: AT, attributes: {} });

    expect(exited).toEqual(before);
  });

  it('an event without a time says nothing', () => {
    expect(stateFromEvent(running, { action: 'die', timeMs: NaN, attributes: {} })).toBeNull();
  });
});
