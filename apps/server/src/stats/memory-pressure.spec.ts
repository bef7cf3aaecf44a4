import type { Phase, SimulationContainer } from '@simscope/contracts';
import { withMemoryPressure } from './memory-pressure.js';

const c = (phase: Phase, reasons: string[]) => ({ id: 'x', phase, reasons }) as SimulationContainer;
const R = 'memory at 93 % of its limit';

describe('withMemoryPressure', () => {
  it.each<[string, Phase, string[], string | null, Phase, string[]]>([
    ['running under pressure reads degraded', 'running', ['running'], R, 'degraded', [R]],
    [
      'degraded keeps its reasons and adds it',
      'degraded',
      ['healthcheck failing'],
      R,
      'degraded',
      ['healthcheck failing', R],
    ],
    [
      'a newer figure replaces the older',
      'degraded',
      ['memory at 91 % of its limit'],
      R,
      'degraded',
      [R],
    ],
    ['pressure gone: back to running', 'degraded', [R], null, 'running', ['running']],
    [
      'pressure gone, other reasons stay degraded',
      'degraded',
      ['healthcheck failing', R],
      null,
      'degraded',
      ['healthcheck failing'],
    ],
    [
      'stopped containers are not annotated',
      'exited',
      ['exited cleanly (code 0)'],
      R,
      'exited',
      ['exited cleanly (code 0)'],
    ],
    ['nothing to remove: unchanged', 'running', ['running'], null, 'running', ['running']],
  ])('%s', (_, phase, reasons, reason, outPhase, outReasons) => {
    const out = withMemoryPressure(c(phase, reasons), reason);
    expect([out.phase, out.reasons]).toEqual([outPhase, outReasons]);
  });
});
