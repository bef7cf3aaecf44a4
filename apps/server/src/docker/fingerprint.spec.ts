import { FingerprintSet, fingerprint } from './fingerprint.js';

type Row = Parameters<typeof fingerprint>[0] extends Iterable<infer T> ? T : never;
const row = (id: string, overrides: Partial<Row> = {}): Row => ({
  id,
  name: `sim-${id}`,
  state: 'running',
  phase: 'running',
  health: 'none',
  restartCount: 0,
  cluster: 'ungrouped',
  ...overrides,
});

describe('fingerprint', () => {
  const base = [row('a'), row('b'), row('c')];

  it('is the same whatever order Docker answered in', () => {
    expect(fingerprint([row('c'), row('a'), row('b')])).toBe(fingerprint(base));
  });

  it('ignores fields that tick with time', () => {
    const withStatus = base.map((r) => ({ ...r, status: 'Up 5 minutes' }));
    expect(fingerprint(withStatus)).toBe(fingerprint(base));
  });

  it.each<[string, Partial<Row>]>([
    ['name', { name: 'renamed' }],
    ['state', { state: 'exited' }],
    ['phase', { phase: 'crashloop' }],
    ['health', { health: 'unhealthy' }],
    ['restart count', { restartCount: 1 }],
    ['cluster', { cluster: 'other' }],
  ])('changes when %s changes', (_field, change) => {
    expect(fingerprint([row('a', change), row('b'), row('c')])).not.toBe(fingerprint(base));
  });

  it('changes when a container appears or goes', () => {
    expect(fingerprint([...base, row('d')])).not.toBe(fingerprint(base));
    expect(fingerprint(base.slice(1))).not.toBe(fingerprint(base));
  });

  it('does not collide when fields shift between containers', () => {
    expect(fingerprint([row('a', { name: 'x' }), row('b', { name: 'y' })])).not.toBe(
      fingerprint([row('a', { name: 'y' }), row('b', { name: 'x' })]),
    );
  });

  it('kept row by row, equals the fingerprint of the whole after any sequence of changes', () => {
    const sut = new FingerprintSet();
    const rows = new Map<string, Row>();
    const phases = ['running', 'exited', 'crashloop'] as const;
    for (let step = 0; step < 500; step++) {
      const id = `c${(step * 7919) % 23}`;
      if (step % 5 === 4) {
        sut.delete(id);
        rows.delete(id);
      } else {
        const r = row(id, { phase: phases[step % 3], restartCount: step % 4 });
        sut.set(r);
        rows.set(id, r);
      }
      expect(sut.value).toBe(fingerprint(rows.values()));
    }
  });

  it('returns to the empty value when every row is gone', () => {
    const sut = new FingerprintSet();
    const empty = sut.value;
    base.forEach((r) => sut.set(r));
    base.forEach((r) => sut.delete(r.id));
    sut.delete('never-there');

    expect(sut.value).toBe(empty);
  });
});
