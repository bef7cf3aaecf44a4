import { aContainer } from '../testing/factories.js';
import { withStall } from './annotators.js';

const REASON = 'no events for 3 min; was 12 ticks/min';

describe('withStall', () => {
  it.each([
    ['running', ['running'], 'stalled', [REASON]],
    ['degraded', ['unhealthy'], 'stalled', [REASON, 'unhealthy']],
    ['exited', ['exited (0)'], 'exited', ['exited (0)']],
    ['crashloop', ['restarting'], 'crashloop', ['restarting']],
    ['starting', ['health: starting'], 'starting', ['health: starting']],
  ] as const)('a stall on a %s row', (phase, reasons, expectedPhase, expectedReasons) => {
    const row = aContainer('c1', { phase, reasons: [...reasons] });
    expect(withStall(row, REASON)).toMatchObject({
      phase: expectedPhase,
      reasons: expectedReasons,
    });
  });

  it('no stall leaves the row alone (the same object)', () => {
    const row = aContainer('c1', { phase: 'running', reasons: ['running'] });
    expect(withStall(row, null)).toBe(row);
  });
});
