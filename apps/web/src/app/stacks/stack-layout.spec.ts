/**
 * @jest-environment node
 */
import type { StackDetail, StackEdge, StackService } from '@simscope/contracts';
import { NODE_SIZE, layoutStack, pathThrough } from './stack-layout';

const aService = (name: string, over: Partial<StackService> = {}): StackService => ({
  name,
  replicas: 1,
  running: 1,
  state: 'running',
  impact: 'ok',
  reasons: [],
  containers: [`${name}-id`],
  ...over,
});
const anEdge = (from: string, to: string, over: Partial<StackEdge> = {}): StackEdge => ({
  from,
  to,
  kind: 'hard',
  condition: null,
  active: false,
  ...over,
});
const aStack = (services: StackService[], edges: StackEdge[] = []): StackDetail => ({
  schema: 'simscope.stack.v1',
  name: 'lab',
  source: 'compose',
  services,
  edges,
  cycles: [],
  fingerprint: 'f',
});

/** The example: model ← agent ← bot, web soft-depends on agent. */
const example = aStack(
  ['model', 'agent', 'bot', 'web'].map((n) => aService(n)),
  [anEdge('agent', 'model'), anEdge('bot', 'agent'), anEdge('web', 'agent', { kind: 'soft' })],
);

const centreX = (l: ReturnType<typeof layoutStack>, name: string) => {
  const n = l.nodes.find((x) => x.name === name);
  return n ? n.x + n.width / 2 : NaN;
};

describe('layoutStack', () => {
  it('puts each service left of what it depends on, and every node inside the drawing', () => {
    const sut = layoutStack(example);
    expect(centreX(sut, 'bot')).toBeLessThan(centreX(sut, 'agent'));
    expect(centreX(sut, 'web')).toBeLessThan(centreX(sut, 'agent'));
    expect(centreX(sut, 'agent')).toBeLessThan(centreX(sut, 'model'));
    for (const n of sut.nodes) {
      expect(n).toMatchObject(NODE_SIZE);
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(sut.width);
      expect(n.y + n.height).toBeLessThanOrEqual(sut.height);
    }
  });

  it.each([
    ['no edges', aStack([aService('a'), aService('b')]), 0],
    ['a chain', example, 3],
    ['a cycle', aStack([aService('a'), aService('b')], [anEdge('a', 'b'), anEdge('b', 'a')]), 2],
    ['a self-dependency', aStack([aService('a')], [anEdge('a', 'a')]), 1],
  ])('draws every edge with a path: %s', (_, stack, edges) => {
    const sut = layoutStack(stack);
    expect(sut.edges).toHaveLength(edges);
    for (const e of sut.edges) {
      expect(e.path).toMatch(/^M[\d.]+,[\d.]+ [LQ]/);
    }
    expect(sut.nodes).toHaveLength(stack.services.length);
  });

  it("keeps each edge's kind and whether it is active, and each node's state, impact and why", () => {
    const stack = aStack(
      [
        aService('agent', { state: 'down', running: 0, reasons: ['stopped'] }),
        aService('bot', { impact: 'blocked', reasons: ['waits for agent: stopped'] }),
      ],
      [anEdge('bot', 'agent', { active: true, condition: 'service_healthy' })],
    );
    const sut = layoutStack(stack);
    expect(sut.edges[0]).toMatchObject({
      kind: 'hard',
      active: true,
      condition: 'service_healthy',
    });
    expect(sut.nodes.find((n) => n.name === 'bot')).toMatchObject({
      impact: 'blocked',
      replicas: '1/1',
      title: 'bot\nwaits for agent: stopped',
    });
    expect(sut.nodes.find((n) => n.name === 'agent')).toMatchObject({
      state: 'down',
      replicas: '0/1',
    });
  });
});

describe('pathThrough', () => {
  it.each([
    [[], ''],
    [[{ x: 0, y: 0 }], 'M0,0'],
    [
      [
        { x: 0, y: 0 },
        { x: 10, y: 5 },
      ],
      'M0,0 L10,5',
    ],
    [
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 20, y: 10 },
      ],
      'M0,0 Q10,0 20,10',
    ],
    [
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 20, y: 10 },
        { x: 30.04, y: 10 },
      ],
      'M0,0 Q10,0 15,5 Q20,10 30,10',
    ],
  ])('%j → %s', (points, path) => {
    expect(pathThrough(points)).toBe(path);
  });
});
