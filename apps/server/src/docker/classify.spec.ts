import type { Phase } from '@simscope/contracts';
import { classify, currentHealth, healthFromStatus, type ClassifyInput } from './classify.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const min = 60_000;

const input = (overrides: Partial<ClassifyInput> = {}): ClassifyInput => ({
  state: 'running',
  health: 'none',
  restartCount: 0,
  oomKilled: false,
  exitCode: 0,
  restartPolicy: 'no',
  startedAt: NOW - 30 * min,
  finishedAt: null,
  now: NOW,
  ...overrides,
});

describe('classify', () => {
  it.each<[string, Partial<ClassifyInput>, Phase, string[]]>([
    ['plain running', {}, 'running', ['running']],
    ['running and healthy', { health: 'healthy' }, 'running', ['running, healthy']],
    ['healthcheck starting', { health: 'starting' }, 'starting', ['healthcheck starting']],
    [
      'healthcheck failing, with its output',
      { health: 'unhealthy', lastProbeOutput: 'missing /tmp/ok\n' },
      'degraded',
      ['healthcheck failing: missing /tmp/ok'],
    ],
    [
      'healthcheck failing without output',
      { health: 'unhealthy', lastProbeOutput: '' },
      'degraded',
      ['healthcheck failing: no output'],
    ],
    ['paused', { state: 'paused' }, 'paused', ['paused']],
    ['created', { state: 'created', startedAt: null }, 'created', ['created, never started']],
    [
      'exited cleanly',
      { state: 'exited', exitCode: 0, finishedAt: NOW - 2 * min },
      'exited',
      ['exited cleanly (code 0)'],
    ],
    [
      'non-zero exit is a failure',
      { state: 'exited', exitCode: 3, finishedAt: NOW - 5000 },
      'failed',
      ['exited with code 3'],
    ],
    [
      '137 without OOM evidence is a SIGKILL, not an OOM',
      { state: 'exited', exitCode: 137, finishedAt: NOW - min },
      'exited',
      ['killed (SIGKILL, exit 137)'],
    ],
    [
      '143 is a SIGTERM stop',
      { state: 'exited', exitCode: 143, finishedAt: NOW - min },
      'exited',
      ['stopped (SIGTERM, exit 143)'],
    ],
    [
      'other signals are failures',
      { state: 'exited', exitCode: 139, finishedAt: NOW - min },
      'failed',
      ['terminated by signal 11 (exit 139)'],
    ],
    [
      'OOMKilled flag',
      { state: 'exited', exitCode: 137, oomKilled: true, finishedAt: NOW - 2 * min },
      'oom-killed',
      ['OOM-killed'],
    ],
    [
      'oom event without the flag (nested process) still counts',
      { state: 'exited', exitCode: 137, oomAt: NOW - 3 * min, startedAt: NOW - 4 * min },
      'oom-killed',
      ['OOM-killed'],
    ],
    [
      'an oom event from an earlier life does not make a clean exit an OOM',
      {
        state: 'exited',
        exitCode: 0,
        oomAt: NOW - 60 * min,
        startedAt: NOW - 30 * min,
        finishedAt: NOW - min,
      },
      'exited',
      ['exited cleanly (code 0)'],
    ],
    [
      'running again after a recent OOM',
      { oomAt: NOW - 2 * min, startedAt: NOW - min },
      'degraded',
      ['OOM-killed, running again'],
    ],
    [
      'an OOM in this life that left it running killed a process inside',
      { oomAt: NOW - 5000, startedAt: NOW - 60_000 },
      'degraded',
      ['a process inside was OOM-killed'],
    ],
    [
      'an OOM long ago no longer degrades',
      { oomAt: NOW - 90 * min, startedAt: NOW - 60 * min },
      'running',
      ['running'],
    ],
    [
      'crash loop from recent exits',
      {
        state: 'restarting',
        restartPolicy: 'always',
        exitCode: 3,
        restartCount: 5,
        recentExits: [NOW - 5000, NOW - 20_000, NOW - 40_000, NOW - 70_000, NOW - 2 * min],
      },
      'crashloop',
      ['restarted 5 times in 10 min', 'last exited with code 3'],
    ],
    [
      'crash loop seen between restarts (running) still a crash loop',
      {
        restartPolicy: 'always',
        exitCode: 3,
        restartCount: 3,
        recentExits: [NOW - 1000, NOW - 5000, NOW - 9000],
      },
      'crashloop',
      ['restarted 3 times in 10 min', 'last exited with code 3'],
    ],
    [
      'crash loop with no event history, from the restart count',
      { state: 'restarting', restartPolicy: 'always', exitCode: 1, restartCount: 7 },
      'crashloop',
      ['restarted 7 times', 'last exited with code 1'],
    ],
    [
      'OOM crash loop names the OOM',
      {
        state: 'restarting',
        restartPolicy: 'on-failure',
        exitCode: 137,
        oomKilled: true,
        restartCount: 4,
        recentExits: [NOW - 1000, NOW - 2000, NOW - 3000],
        oomAt: NOW - 1000,
        startedAt: NOW - 1500,
      },
      'crashloop',
      ['restarted 3 times in 10 min', 'OOM-killed'],
    ],
    [
      'exits older than the window do not make a loop',
      {
        restartPolicy: 'always',
        restartCount: 3,
        recentExits: [NOW - 20 * min, NOW - 25 * min, NOW - 30 * min],
      },
      'running',
      ['running'],
    ],
    [
      'a first restart is starting, not a loop',
      {
        state: 'restarting',
        restartPolicy: 'always',
        exitCode: 1,
        restartCount: 1,
        recentExits: [NOW - 1000],
      },
      'starting',
      ['restarting after exited with code 1'],
    ],
    [
      'running after one recent restart says so',
      { restartPolicy: 'always', restartCount: 1, recentExits: [NOW - min] },
      'running',
      ['restarted 1 time in 10 min'],
    ],
    [
      'dead',
      { state: 'dead', exitCode: 1 },
      'failed',
      ['dead: Docker could not stop or remove it cleanly'],
    ],
    [
      'removing keeps its exit reading',
      { state: 'removing', exitCode: 0, finishedAt: NOW - 1000 },
      'exited',
      ['exited cleanly (code 0)'],
    ],
  ])('%s', (_case, overrides, phase, reasons) => {
    expect(classify(input(overrides))).toEqual({ phase, reasons });
  });
});

describe('healthFromStatus', () => {
  it.each([
    ['Up 5 minutes (healthy)', 'healthy'],
    ['Up 5 minutes (unhealthy)', 'unhealthy'],
    ['Up 2 seconds (health: starting)', 'starting'],
    ['Up 5 minutes', 'none'],
    ['Exited (3) 2 seconds ago', 'none'],
  ])('%s → %s', (status, expected) => {
    expect(healthFromStatus(status)).toBe(expected);
  });
});

describe('currentHealth', () => {
  it.each([
    ['no healthcheck', null, null, 1000, 'none'],
    ['probe in this life', 'unhealthy', 2000, 1000, 'unhealthy'],
    ['status left over from before a restart', 'unhealthy', 500, 1000, 'starting'],
    ['no probe yet', 'starting', null, 1000, 'starting'],
    ['unknown status text', 'weird', 2000, 1000, 'none'],
  ])('%s', (_case, reported, lastProbe, started, expected) => {
    expect(currentHealth(reported, lastProbe, started)).toBe(expected);
  });
});
