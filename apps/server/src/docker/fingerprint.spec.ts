import { fingerprint } from './fingerprint.js';

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
});
