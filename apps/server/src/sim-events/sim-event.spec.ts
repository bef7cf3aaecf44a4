import { isErrorEvent, parseSimEvent } from './sim-event.js';

const AT = '2026-11-23T10:00:00.5Z';

describe('parseSimEvent', () => {
  it.each([
    ['plain text', 'tick 42 done', null],
    ['a JSON array', '[1,2]', null],
    ['JSON without a type', '{"tick": 1}', null],
    ['a non-string type', '{"event_type": 7}', null],
    ['broken JSON', '{"event_type": "tick_completed"', null],
    ['an empty type', '{"event_type": "  "}', null],
  ])('%s is not an event', (_, line, expected) => {
    expect(parseSimEvent(line, AT, 1)).toBe(expected);
  });

  it.each([
    ['event_type', '{"event_type":"tick_completed","tick":42}', 'tick_completed'],
    ['type', '{"type":"transfer"}', 'transfer'],
    ['event', '{"event":"error"}', 'error'],
    ['event_type before type', '{"type":"b","event_type":"a"}', 'a'],
    ['surrounding spaces', '  {"event_type":"x"}  ', 'x'],
  ])('reads the type from %s', (_, line, type) => {
    expect(parseSimEvent(line, AT, 1)?.type).toBe(type);
  });

  it('takes the type keys it is given', () => {
    expect(parseSimEvent('{"kind":"k","type":"t"}', AT, 1, ['kind'])?.type).toBe('k');
    expect(parseSimEvent('{"type":"t"}', AT, 1, ['kind'])).toBeNull();
  });

  it('reads every optional field', () => {
    const line = JSON.stringify({
      event_type: 'tick_completed',
      timestamp: '2031-01-01T00:00:00Z',
      tick: 42,
      total_ticks: 100,
      level: 'INFO',
      message: 'ok',
      agent_id: 7,
      metrics: { loss: 0.5, name: 'x', nested: { a: 1 }, acc: 0.9 },
    });
    expect(parseSimEvent(line, AT, 3)).toEqual({
      seq: 3,
      at: AT,
      type: 'tick_completed',
      timestamp: '2031-01-01T00:00:00Z',
      tick: 42,
      totalTicks: 100,
      progress: 0.42,
      level: 'info',
      message: 'ok',
      agentId: '7',
      metrics: { loss: 0.5, acc: 0.9 },
    });
  });

  it.each([
    ['progress wins over ticks', { progress: 0.3, tick: 9, total_ticks: 10 }, 0.3],
    ['tick / total_ticks', { tick: 5, total_ticks: 20 }, 0.25],
    ['clamped above 1', { progress: 1.7 }, 1],
    ['clamped below 0', { progress: -2 }, 0],
    ['no total', { tick: 5 }, null],
    ['a zero total', { tick: 5, total_ticks: 0 }, null],
    ['a negative tick is not one', { tick: -1, total_ticks: 10 }, null],
  ])('progress: %s', (_, fields, progress) => {
    expect(parseSimEvent(JSON.stringify({ type: 't', ...fields }), AT, 1)?.progress).toBe(progress);
  });

  it('keeps long text bounded', () => {
    const e = parseSimEvent(
      JSON.stringify({ type: 'x'.repeat(500), message: 'm'.repeat(5000) }),
      AT,
      1,
    );
    expect(e?.type).toHaveLength(128);
    expect(e?.message).toHaveLength(2000);
  });
});

describe('isErrorEvent', () => {
  it.each([
    ['error', null, true],
    ['ERROR', null, true],
    ['tick_completed', 'error', true],
    ['tick_completed', 'fatal', true],
    ['tick_completed', 'critical', true],
    ['tick_completed', 'warning', false],
    ['tick_completed', null, false],
  ])('%s at level %s → %s', (type, level, expected) => {
    expect(isErrorEvent({ type, level })).toBe(expected);
  });
});
