import type { ContainerListItem } from '../adapters/docker/docker.types.js';
import { aListItem } from '../testing/factories.js';
import { listSignature } from './list-signature.js';
import { planReconcile, TouchClock, type KnownEntry, type PlanRules } from './reconcile-plan.js';

const rules: PlanRules = {
  host: 'local',
  match: { labelPrefix: 'simscope', namePattern: /^sim[-_.]/ },
  includeStopped: true,
};
const running = aListItem('a');
const exited = aListItem('b', { state: 'exited', status: 'Exited (1) 2 minutes ago' });
const unhealthy = aListItem('c', { status: 'Up 1 minute (unhealthy)' });
const notSim = aListItem('d', { name: 'postgres' });
const known = (item: ContainerListItem, host = 'local'): KnownEntry => ({
  id: item.id,
  host,
  listSignature: listSignature(item),
});

describe('planReconcile', () => {
  it.each<
    [string, ContainerListItem[], KnownEntry[], Partial<PlanRules>, string[], string[], string[]]
  >([
    ['new running sim: from the list', [running], [], {}, ['a'], [], []],
    ['new exited sim: inspected', [exited], [], {}, [], ['b'], []],
    ['unhealthy: inspected', [unhealthy], [], {}, [], ['c'], []],
    ['not a simulation: ignored', [notSim], [], {}, [], [], []],
    ['unchanged signature: nothing to do', [running], [known(running)], {}, [], [], []],
    [
      'changed signature: rebuilt',
      [running],
      [{ ...known(running), listSignature: 'old' }],
      {},
      ['a'],
      [],
      [],
    ],
    ['known but not listed: gone', [], [known(running)], {}, [], [], ['a']],
    ["another host's entry is never gone", [], [known(running, 'gpu1')], {}, [], [], []],
    ['stopped ones hidden when not included', [exited], [], { includeStopped: false }, [], [], []],
    [
      'a known sim that stopped while hidden: gone',
      [exited],
      [known(exited)],
      { includeStopped: false },
      [],
      [],
      ['b'],
    ],
  ])('%s', (_case, list, knownEntries, over, fromList, toInspect, gone) => {
    const sut = planReconcile(list, knownEntries, { ...rules, ...over });
    expect(sut.fromList.map((p) => p.item.id)).toEqual(fromList);
    expect(sut.toInspect.map((p) => p.item.id)).toEqual(toInspect);
    expect(sut.gone).toEqual(gone);
  });

  it('carries how each was discovered and its signature', () => {
    const labelled = aListItem('e', { name: 'worker', labels: { 'simscope.enable': 'true' } });
    const [planned] = planReconcile([labelled], [], rules).fromList;
    expect(planned).toMatchObject({ by: 'label', signature: listSignature(labelled) });
  });
});

describe('TouchClock', () => {
  it('a reconcile leaves alone what an event touched after it began', () => {
    const sut = new TouchClock();
    sut.touch('old');
    const epoch = sut.begin();
    sut.touch('new');
    expect(sut.untouchedSince('old', epoch)).toBe(true);
    expect(sut.untouchedSince('new', epoch)).toBe(false);
    expect(sut.untouchedSince('never', epoch)).toBe(true);
  });
});
