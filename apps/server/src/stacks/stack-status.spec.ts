import type { Phase, SimulationContainer, StackServiceState } from '@simscope/contracts';
import { aContainer } from '../testing/factories.js';
import { buildGraphs } from './stack-graph.js';
import { ownState, stackDetail, stackSummary } from './stack-status.js';

const at = (phase: Phase, i = 0) => aContainer(`c${i}-${phase}`, { phase });

describe('ownState', () => {
  it.each<[string, Phase[], StackServiceState, string | null]>([
    ['every replica up', ['running', 'degraded'], 'running', null],
    ['some up', ['running', 'exited', 'crashloop'], 'partial', '1 of 3 running'],
    ['none up, one crash-looping', ['exited', 'crashloop'], 'failing', 'crash-looping'],
    ['OOM-killed', ['oom-killed'], 'failing', 'OOM-killed'],
    ['starting', ['starting'], 'starting', 'starting'],
    ['stopped', ['exited'], 'down', 'stopped'],
    ['paused', ['paused'], 'down', 'paused'],
    ['no container', [], 'missing', 'no container'],
  ])('%s → %s', (_case, phases, state, why) => {
    const sut = ownState(phases.map((p, i) => at(p, i)));
    expect(sut).toMatchObject({ state, why, replicas: phases.length });
  });
});

/** The 4-service stack: model → agent → bot, web soft-depends on agent. */
function lab(
  phases: Partial<Record<'model' | 'agent' | 'bot' | 'web', Phase>> = {},
  extra: SimulationContainer[] = [],
) {
  const svc = (service: string, labels: Record<string, string> = {}) =>
    aContainer(service, {
      composeProject: 'lab',
      composeService: service,
      phase: phases[service as keyof typeof phases] ?? 'running',
      labels,
    });
  return stackDetail(
    buildGraphs(
      [
        svc('model'),
        svc('agent', { 'simscope.depends-on': 'model' }),
        svc('bot', { 'simscope.depends-on': 'agent' }),
        svc('web', { 'simscope.soft-depends-on': 'agent' }),
        ...extra,
      ],
      'simscope',
    )[0],
  );
}
const view = (d: ReturnType<typeof lab>) =>
  Object.fromEntries(
    d.services.map((s) => [s.name, [s.state, s.impact, ...s.reasons].join(' | ')]),
  );

describe('stackDetail: impact', () => {
  it.each<[string, Parameters<typeof lab>[0], Record<string, string>]>([
    [
      'all up',
      {},
      { model: 'running | ok', agent: 'running | ok', bot: 'running | ok', web: 'running | ok' },
    ],
    [
      'the agent stopped: bot blocked, web degraded',
      { agent: 'exited' },
      {
        model: 'running | ok',
        agent: 'down | ok | stopped',
        bot: 'running | blocked | waits for agent: stopped',
        web: 'running | degraded | runs without agent: stopped',
      },
    ],
    [
      'the model crash-looping: blocked all the way down, web degraded through the agent',
      { model: 'crashloop' },
      {
        model: 'failing | ok | crash-looping',
        agent: 'running | blocked | waits for model: crash-looping',
        bot: 'running | blocked | waits for agent: blocked',
        web: 'running | degraded | runs without agent: blocked',
      },
    ],
  ])('%s', (_case, phases, expected) => {
    expect(view(lab(phases))).toEqual(expected);
  });

  it('marks the edges that carry the impact', () => {
    const sut = lab({ agent: 'exited' });
    expect(sut.edges.map((e) => `${e.from}>${e.to}:${e.kind}:${e.active}`)).toEqual([
      'agent>model:hard:false',
      'bot>agent:hard:true',
      'web>agent:soft:true',
    ]);
  });

  it('shows a dependency with no container as missing, and its dependants blocked', () => {
    const sut = lab({}, [
      aContainer('ui', {
        composeProject: 'lab',
        composeService: 'ui',
        labels: { 'simscope.depends-on': 'auth' },
      }),
    ]);
    expect(view(sut)).toMatchObject({
      auth: 'missing | ok | no container',
      ui: 'running | blocked | waits for auth: no container',
    });
  });

  it('reports a cycle and still settles', () => {
    const a = aContainer('a', {
      composeProject: 'loop',
      composeService: 'a',
      labels: { 'simscope.depends-on': 'b' },
    });
    const b = aContainer('b', {
      composeProject: 'loop',
      composeService: 'b',
      phase: 'exited',
      labels: { 'simscope.depends-on': 'a' },
    });
    const sut = stackDetail(buildGraphs([a, b], 'simscope')[0]);

    expect(sut.cycles).toEqual([['a', 'b']]);
    expect(view(sut)).toEqual({
      a: 'running | blocked | waits for b: stopped',
      b: 'down | blocked | stopped | waits for a: blocked',
    });
  });

  it('changes its fingerprint only when what a viewer sees changes', () => {
    expect(lab().fingerprint).toBe(lab().fingerprint);
    expect(lab({ agent: 'exited' }).fingerprint).not.toBe(lab().fingerprint);
  });
});

describe('stackSummary', () => {
  it('counts states and impacts', () => {
    expect(stackSummary(lab({ agent: 'exited' }))).toMatchObject({
      name: 'lab',
      source: 'compose',
      services: 4,
      states: { running: 3, down: 1, partial: 0, failing: 0, starting: 0, missing: 0 },
      blocked: 1,
      degraded: 1,
      cycles: 0,
    });
  });
});
