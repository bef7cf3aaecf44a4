import { startApp, type RunningApp } from '../support/app.js';
import { removeTestContainers } from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import { runContainer, testEngineHost, uniqueName } from '../support/factories.js';
import { freePort } from '../support/net.js';
import {
  nginxMissing,
  nginxTest,
  renderConfig,
  startNginx,
  type RunningNginx,
} from '../support/nginx.js';
import { describeWhen } from '../support/needs.js';

const engine = testEngineHost();
// The allowlist proxies a unix socket; an engine reached over tcp has none to put behind it.
const describeProxy = engine.startsWith('unix://')
  ? describeWhen(nginxMissing(), 'The proxy tests')
  : describe.skip;

const ACTIONS_INCLUDE = 'include /etc/nginx/docker-api-actions/*.conf;';

/** The allowlist as compose mounts it: with SIMSCOPE_ACTIONS=on, actions.conf where it is included. */
function site(socketPath: string, port: number, actions = false): string {
  return renderConfig('docker-api-proxy.conf', [
    ['server unix:/var/run/docker.sock;', `server unix:${socketPath};`],
    ['listen 2375;', `listen 127.0.0.1:${port};`],
    [ACTIONS_INCLUDE, actions ? renderConfig('docker-api-actions/on/actions.conf', []) : ''],
  ]);
}

describeProxy('nginx/docker-api-proxy.conf in front of the engine', () => {
  let nginx: RunningNginx;
  let running: RunningApp;
  let proxy: string;
  let id: string;
  const name = uniqueName('sim-behind-allowlist');

  beforeAll(async () => {
    const port = await freePort();
    // Workers must open the engine's socket, which only root may: as in compose's own main config.
    nginx = await startNginx(site(engine.slice('unix://'.length), port), port, ['user root;']);
    proxy = `http://127.0.0.1:${port}`;
    id = runContainer({ name, labels: { 'simscope.experiment': 'allowlist' } });
    running = await startApp({
      DOCKER_HOST: `tcp://127.0.0.1:${port}`,
      SIMSCOPE_RECONCILE_MS: '3600000',
    });
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await nginx?.stop();
    removeTestContainers(engine);
  }, 60_000);

  it('passes nginx -t as shipped (socket path and port rendered), with and without actions', () => {
    expect(nginxTest(site('/var/run/docker.sock', 2375)).ok).toBe(true);
    expect(nginxTest(site('/var/run/docker.sock', 2375, true)).ok).toBe(true);
  });

  it('carries simscope’s whole discovery: status, list, inspect and the event stream', async () => {
    await eventually(
      async () => (await running.client.dockerStatus()).reachable,
      15_000,
      'Docker reachable through the allowlist',
    );
    const listed = await eventually(
      async () => (await running.client.simulations({ q: name })).containers[0],
      10_000,
      'the container listed through the allowlist',
    );
    expect(listed.id).toBe(id);
    const detail = await running.client.simulation(id);
    expect(detail.restartPolicy.name).toBe('no');

    // A container started now arrives by the event stream (the reconcile is an hour away).
    const late = uniqueName('sim-late');
    runContainer({ name: late, labels: { 'simscope.experiment': 'allowlist' } });
    await eventually(
      async () => (await running.client.simulations({ q: late })).containers.length === 1,
      10_000,
      'an event-driven arrival through the allowlist',
    );
  });

  it.each([
    ['GET', '/_ping'],
    ['HEAD', '/_ping'],
    ['GET', '/version'],
    ['GET', '/v1.41/info'],
    ['GET', '/containers/json?all=1'],
    ['GET', '/v1.41/containers/{id}/json'],
    ['GET', '/containers/{id}/stats?stream=false'],
    ['GET', '/containers/{id}/logs?stdout=1&tail=5'],
  ])('allows %s %s', async (method, path) => {
    const res = await fetch(`${proxy}${path.replace('{id}', id)}`, { method });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it.each([
    ['POST', '/containers/create'],
    ['POST', '/v1.41/containers/create'],
    ['GET', '/containers/{id}/export'],
    ['GET', '/containers/{id}/archive?path=/'],
    ['GET', '/images/json'],
    ['POST', '/containers/{id}/exec'],
    ['POST', '/exec/{id}/start'],
    ['DELETE', '/containers/{id}'],
    ['POST', '/containers/{id}/kill'],
    ['POST', '/containers/json'],
    ['GET', '/containers/{id}/json/..%2fexport'],
    ['GET', '/containers/{id}%2Fexport/json'],
    ['GET', '/volumes'],
    ['GET', '/secrets'],
    // A newline after an allowed path: PCRE's $ matches before it, \z does not.
    ['GET', '/containers/{id}/json%0a'],
    ['GET', '/_ping%0A'],
    // Swarm: only the reads pass (the swarm suite proves them against a real manager).
    ['POST', '/services/create'],
    ['POST', '/v1.41/services/create'],
    ['POST', '/swarm/join'],
    ['POST', '/swarm/init'],
    ['POST', '/nodes/{id}/update'],
    ['POST', '/services/{id}/update'],
    ['DELETE', '/services/{id}'],
    ['GET', '/tasks/{id}/logs'],
    ['GET', '/swarm'],
    ['GET', '/services/{id}/logs/..%2fupdate'],
  ])('refuses %s %s with 403', async (method, path) => {
    const res = await fetch(`${proxy}${path.replace('{id}', id)}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    });
    expect(res.status).toBe(403);
    await res.arrayBuffer();
  });

  it.each([['start'], ['stop'], ['restart']])(
    'refuses POST /containers/{id}/%s (actions are off)',
    async (verb) => {
      const res = await fetch(`${proxy}/containers/${id}/${verb}`, { method: 'POST' });
      expect(res.status).toBe(403);
      await res.arrayBuffer();
    },
  );

  it('left the container it was asked to kill and delete running', async () => {
    const inspect = await fetch(`${proxy}/containers/${id}/json`);
    expect(((await inspect.json()) as { State: { Running: boolean } }).State.Running).toBe(true);
  });
});

describeProxy(
  'nginx/docker-api-proxy.conf with SIMSCOPE_ACTIONS=on (docker-api-actions/on)',
  () => {
    let nginx: RunningNginx;
    let proxy: string;
    let id: string;

    beforeAll(async () => {
      const port = await freePort();
      nginx = await startNginx(site(engine.slice('unix://'.length), port, true), port, [
        'user root;',
      ]);
      proxy = `http://127.0.0.1:${port}`;
      id = runContainer({ name: uniqueName('sim-actions-allowlist') });
    }, 60_000);

    afterAll(async () => {
      await nginx?.stop();
      removeTestContainers(engine);
    }, 60_000);

    const state = async () => {
      const res = await fetch(`${proxy}/containers/${id}/json`);
      return ((await res.json()) as { State: { Running: boolean; StartedAt: string } }).State;
    };

    it('passes stop, start and restart of one container (versioned or not) and they happen', async () => {
      const before = await state();
      const stop = await fetch(`${proxy}/v1.41/containers/${id}/stop?t=0`, { method: 'POST' });
      expect(stop.status).toBe(204);
      expect((await state()).Running).toBe(false);
      const start = await fetch(`${proxy}/containers/${id}/start`, { method: 'POST' });
      expect(start.status).toBe(204);
      const restart = await fetch(`${proxy}/containers/${id}/restart?t=0`, { method: 'POST' });
      expect(restart.status).toBe(204);
      const after = await state();
      expect(after.Running).toBe(true);
      expect(after.StartedAt).not.toBe(before.StartedAt);
    }, 30_000);

    it.each([
      ['GET', '/containers/{id}/start'],
      ['DELETE', '/containers/{id}/stop'],
      ['POST', '/containers/create'],
      ['POST', '/containers/{id}/kill'],
      ['POST', '/containers/{id}/exec'],
      ['POST', '/containers/{id}/pause'],
      ['POST', '/containers/{id}/update'],
      ['POST', '/containers/{id}/attach'],
      ['PUT', '/containers/{id}/archive?path=/tmp'],
      ['GET', '/containers/{id}/archive?path=/'],
      ['DELETE', '/containers/{id}'],
      ['POST', '/containers/{id}/start/../kill'],
      ['POST', '/containers/{id}/restart%0a'],
      ['POST', '/containers/prune'],
      ['POST', '/images/create'],
    ])('still refuses %s %s with 403', async (method, path) => {
      const res = await fetch(`${proxy}${path.replace('{id}', id)}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: ['POST', 'PUT'].includes(method) ? '{}' : undefined,
      });
      expect(res.status).toBe(403);
      await res.arrayBuffer();
      expect((await state()).Running).toBe(true);
    });
  },
);
