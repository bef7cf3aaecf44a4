import { jest } from '@jest/globals';
import type { Phase, SimulationContainer, StacksDelta } from '@simscope/contracts';
import { Subject } from 'rxjs';
import { loadConfig } from '../config/app-config.js';
import { toSettings } from '../config/settings.js';
import type { InventoryChange, InventoryReader } from '../docker/inventory-reader.js';
import { aContainer } from '../testing/factories.js';
import { StacksService } from './stacks.service.js';

function setup() {
  const rows = new Map<string, SimulationContainer>();
  const changes = new Subject<InventoryChange>();
  const source = { changes$: changes, rows: () => rows.values() } as unknown as InventoryReader;
  const settings = toSettings(loadConfig({ SIMSCOPE_LIVE_COALESCE_MS: '50' }));
  const sut = new StacksService(source, settings.discovery, settings.live);
  const deltas: StacksDelta[] = [];
  sut.deltas$.subscribe((d) => deltas.push(d));
  const put = (service: string, phase: Phase, labels: Record<string, string> = {}) => {
    rows.set(
      service,
      aContainer(service, { composeProject: 'lab', composeService: service, phase, labels }),
    );
    changes.next({} as InventoryChange);
  };
  return { sut, rows, changes, deltas, put };
}

describe('StacksService', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('builds stacks at start and answers list and get', () => {
    const { sut, rows } = setup();
    rows.set('agent', aContainer('agent', { composeProject: 'lab', composeService: 'agent' }));
    sut.onModuleInit();

    expect(sut.list().stacks).toEqual([expect.objectContaining({ name: 'lab', services: 1 })]);
    expect(sut.get('lab')?.services[0]).toMatchObject({ name: 'agent', state: 'running' });
    expect(sut.get('nope')).toBeUndefined();
    expect(sut.full()).toMatchObject({
      full: true,
      changed: [expect.objectContaining({ name: 'lab' })],
    });
    sut.onModuleDestroy();
  });

  it('publishes one delta per burst of changes, only for stacks that changed, and removals', () => {
    const { sut, deltas, put, rows, changes } = setup();
    sut.onModuleInit();
    put('agent', 'running');
    put('bot', 'running', { 'simscope.depends-on': 'agent' });
    jest.advanceTimersByTime(50);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.changed.map((d) => d.name)).toEqual(['lab']);

    put('agent', 'running'); // nothing a viewer sees changed
    jest.advanceTimersByTime(50);
    expect(deltas).toHaveLength(1);

    put('agent', 'exited');
    jest.advanceTimersByTime(50);
    expect(deltas[1]?.changed[0]?.services.find((s) => s.name === 'bot')).toMatchObject({
      impact: 'blocked',
      reasons: ['waits for agent: stopped'],
    });

    rows.clear();
    changes.next({} as InventoryChange);
    jest.advanceTimersByTime(50);
    expect(deltas[2]).toMatchObject({ full: false, changed: [], removed: ['lab'] });
    sut.onModuleDestroy();
  });
});
