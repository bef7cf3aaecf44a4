import { DockerodeAdapter } from '../../apps/server/src/adapters/docker/dockerode.adapter.js';
import { removeContainer, runContainer, testEngineHost, uniqueName } from '../support/factories.js';
import { eventually } from '../support/eventually.js';
import { startApp, type RunningApp } from '../support/app.js';

describe('the private Docker engine', () => {
  const created: string[] = [];
  afterAll(() => created.forEach((id) => removeContainer(id)));

  it('finds a labelled container through dockerode', async () => {
    const name = uniqueName();
    const id = runContainer({ name, labels: { 'simscope.enable': 'true' } });
    created.push(id);
    const sut = new DockerodeAdapter({ dockerHost: testEngineHost() });

    const found = (await sut.listContainers()).find((c) => c.id === id);

    expect(found).toMatchObject({ name, state: 'running', labels: { 'simscope.enable': 'true' } });
  });
});

describe('GET /api/docker/status', () => {
  let running: RunningApp | undefined;
  afterEach(async () => running?.close());

  it('reports the engine as reachable, with its version and endpoint', async () => {
    running = await startApp({ DOCKER_HOST: testEngineHost() });

    const client = running.client;
    const sut = await eventually(
      async () => {
        const s = await client.dockerStatus();
        return s.reachable ? s : undefined;
      },
      10_000,
      'reachable',
    );

    expect(sut.schema).toBe('simscope.docker-status.v1');
    expect(sut.endpoint).toBe(testEngineHost());
    expect(sut.engine?.serverVersion).toMatch(/^\d+\.\d+/);
    expect(sut.discovery).toEqual({
      labelPrefix: 'simscope',
      namePattern: '^sim[-_.]',
      network: 'sim-net',
      includeStopped: true,
    });
  });

  it('diagnoses a missing socket instead of failing', async () => {
    running = await startApp({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' });

    const client = running.client;
    const sut = await eventually(
      async () => {
        const s = await client.dockerStatus();
        return s.source.diagnosis ? s : undefined;
      },
      10_000,
      'diagnosed',
    );

    expect(sut.reachable).toBe(false);
    expect(sut.source.status).toBe('unavailable');
    expect(sut.source.diagnosis).toMatchObject({
      code: 'socket-missing',
      endpoint: 'unix:///nonexistent/docker.sock',
      dockerHostSet: true,
    });
  });
});
