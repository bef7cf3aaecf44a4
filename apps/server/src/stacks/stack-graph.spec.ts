import type { SimulationContainer } from '@simscope/contracts';
import { aContainer } from '../testing/factories.js';
import {
  buildGraphs,
  declaredDependencies,
  findCycles,
  serviceOf,
  stackOf,
} from './stack-graph.js';

const row = (
  id: string,
  labels: Record<string, string>,
  over: Partial<SimulationContainer> = {},
): SimulationContainer => aContainer(id, { labels, ...over });

const composed = (
  id: string,
  project: string,
  service: string,
  labels: Record<string, string> = {},
) => row(id, labels, { composeProject: project, composeService: service });

describe('stackOf / serviceOf', () => {
  it.each<[string, SimulationContainer, ReturnType<typeof stackOf>, string]>([
    [
      'a compose project',
      composed('a', 'lab', 'agent'),
      { name: 'lab', source: 'compose' },
      'agent',
    ],
    [
      'a simscope.cluster label, its role as the service',
      row('b', { 'simscope.cluster': 'exp-1' }, { role: 'bot' }),
      { name: 'exp-1', source: 'cluster' },
      'bot',
    ],
    ['no stack', row('c', {}), null, 'sim-c'],
  ])('%s', (_case, r, stack, service) => {
    expect(stackOf(r, 'simscope')).toEqual(stack);
    expect(serviceOf(r)).toBe(service);
  });
});

describe('declaredDependencies', () => {
  it.each<[string, Record<string, string>, ReturnType<typeof declaredDependencies>]>([
    [
      "compose v2's label",
      { 'com.docker.compose.depends_on': 'model:service_healthy:false,cache:service_started:true' },
      [
        { to: 'model', kind: 'hard', condition: 'service_healthy' },
        { to: 'cache', kind: 'hard', condition: 'service_started' },
      ],
    ],
    [
      'simscope labels, with spaces and empties',
      { 'simscope.depends-on': ' agent , ,model', 'simscope.soft-depends-on': 'vllm' },
      [
        { to: 'agent', kind: 'hard', condition: null },
        { to: 'model', kind: 'hard', condition: null },
        { to: 'vllm', kind: 'soft', condition: null },
      ],
    ],
    ['none', {}, []],
  ])('%s', (_case, labels, expected) => {
    expect(declaredDependencies(row('x', labels), 'simscope')).toEqual(expected);
  });
});

describe('buildGraphs', () => {
  it('groups replicas by service and merges their edges (hard wins, a condition is kept)', () => {
    const sut = buildGraphs(
      [
        composed('b2', 'lab', 'bot', { 'simscope.soft-depends-on': 'agent' }),
        composed('b1', 'lab', 'bot', {
          'com.docker.compose.depends_on': 'agent:service_started:false',
        }),
        composed('a1', 'lab', 'agent'),
        composed('o1', 'other', 'solo'),
      ],
      'simscope',
    );

    expect(sut.map((g) => g.name)).toEqual(['lab', 'other']);
    expect([...(sut[0]?.services.get('bot') ?? [])].map((r) => r.id)).toEqual(['b1', 'b2']);
    expect(sut[0]?.edges).toEqual([
      { from: 'bot', to: 'agent', kind: 'hard', condition: 'service_started' },
    ]);
  });
});

describe('findCycles', () => {
  const e = (pairs: string) =>
    pairs.split(' ').map((p) => {
      const [from = '', to = ''] = p.split('>');
      return { from, to };
    });
  it.each<[string, string[], ReturnType<typeof e>, string[][]]>([
    ['a chain has none', ['a', 'b', 'c'], e('a>b b>c'), []],
    ['two services', ['a', 'b'], e('a>b b>a'), [['a', 'b']]],
    ['three, entered anywhere', ['x', 'y', 'z'], e('z>x x>y y>z'), [['x', 'y', 'z']]],
    ['a self-dependency', ['a', 'b'], e('a>a a>b'), [['a']]],
    [
      'two separate cycles',
      ['a', 'b', 'c', 'd'],
      e('a>b b>a c>d d>c'),
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a cycle beside a chain', ['a', 'b', 'c'], e('c>a a>b b>a'), [['a', 'b']]],
  ])('%s', (_case, nodes, edges, cycles) => {
    expect(findCycles(nodes, edges)).toEqual(cycles);
  });
});
