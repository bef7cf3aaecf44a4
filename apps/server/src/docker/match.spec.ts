import { matchSimulation, visibleLabels } from './match.js';

const rules = { labelPrefix: 'simscope', namePattern: /^sim[-_.]/ };

describe('matchSimulation', () => {
  it.each([
    ['labelled', 'trainer', { 'simscope.enable': 'true' }, 'label'],
    ['labelled, any case', 'trainer', { 'simscope.enable': 'True' }, 'label'],
    ['labelled and name-matching', 'sim-a', { 'simscope.enable': 'true' }, 'label'],
    ['name-matching with dash', 'sim-a', {}, 'name'],
    ['name-matching with underscore', 'sim_a', {}, 'name'],
    ['name-matching with dot', 'sim.a', {}, 'name'],
    ['leading slash as docker lists it', '/sim-a', {}, 'name'],
    ['excluded despite its name', 'sim-a', { 'simscope.enable': 'false' }, null],
    ['unrelated', 'postgres', {}, null],
    ['name only starts similarly', 'simulator', {}, null],
    ['another prefix label does not count', 'trainer', { 'other.enable': 'true' }, null],
    ['enable with another value', 'trainer', { 'simscope.enable': 'yes' }, null],
    ['the bare prefix label (the original style)', 'trainer', { simscope: 'true' }, 'label'],
    ['the bare prefix label excluding', 'sim-a', { simscope: 'FALSE' }, null],
    [
      '.enable wins over the bare label',
      'trainer',
      { simscope: 'true', 'simscope.enable': 'false' },
      null,
    ],
    ['a longer key is not the bare label', 'trainer', { simscopex: 'true' }, null],
  ])('%s (%s) → %s', (_case, name, labels, expected) => {
    expect(matchSimulation(name, labels, rules)).toBe(expected);
  });

  it.each([
    [false, 'label'],
    [true, null],
  ])('a Swarm task container, skipSwarmTasks=%s → %s', (skipSwarmTasks, expected) => {
    const labels = { 'simscope.enable': 'true', 'com.docker.swarm.task.id': 'abc' };
    expect(matchSimulation('sim4.1.abc', labels, { ...rules, skipSwarmTasks })).toBe(expected);
  });

  it('follows a configured prefix and pattern', () => {
    const custom = { labelPrefix: 'lab', namePattern: /-exp$/ };
    expect(matchSimulation('a', { 'lab.enable': 'true' }, custom)).toBe('label');
    expect(matchSimulation('run-exp', {}, custom)).toBe('name');
    expect(matchSimulation('a', { 'simscope.enable': 'true' }, custom)).toBeNull();
    const original = { labelPrefix: 'io.fork_tales.simulation', namePattern: /^sim[-_.]/ };
    expect(matchSimulation('eta-mu-alpha', { 'io.fork_tales.simulation': 'true' }, original)).toBe(
      'label',
    );
  });
});

describe('visibleLabels', () => {
  const labels = {
    'simscope.enable': 'true',
    'simscope.role': 'trainer',
    'com.docker.compose.project': 'exp1',
    'com.docker.compose.service': 'trainer',
    'com.docker.compose.project.working_dir': '/home/alice/secret-project',
    'com.docker.compose.project.config_files': '/home/alice/secret-project/compose.yml',
    'com.docker.compose.project.environment_file': '/home/alice/secret-project/.env',
    'com.docker.compose.config-hash': 'abc',
    'org.opencontainers.image.source': 'x',
    'vault.token': 'secret',
    team: 'nlp',
  };

  it('keeps only our labels and the compose labels we use (no host paths) by default', () => {
    expect(visibleLabels(labels, 'simscope', [])).toEqual({
      'com.docker.compose.project': 'exp1',
      'com.docker.compose.service': 'trainer',
      'simscope.enable': 'true',
      'simscope.role': 'trainer',
    });
  });

  it('widens by exact key and by prefix*', () => {
    const sut = visibleLabels(labels, 'simscope', ['team', 'org.opencontainers.*']);
    expect(Object.keys(sut)).toEqual([
      'com.docker.compose.project',
      'com.docker.compose.service',
      'org.opencontainers.image.source',
      'simscope.enable',
      'simscope.role',
      'team',
    ]);
    expect(sut).not.toHaveProperty('vault.token');
  });
});
