import { DockerPort } from './docker.port.js';
import { DockerodeAdapter } from './dockerode.adapter.js';

/** The Docker socket is root on the host: simscope's port and adapter offer reads only. */
const READ_CALLS = [
  'containerLogs',
  'containerStats',
  'followLogs',
  'followServiceLogs',
  'imageDigests',
  'info',
  'inspectContainer',
  'listContainers',
  'listNodes',
  'listServices',
  'listTasks',
  'outputRedactor',
  'ping',
  'probe',
  'serviceLogs',
  'streamStats',
  'subscribeEvents',
  'version',
];

const methodsOf = (proto: object): string[] =>
  Object.getOwnPropertyNames(proto)
    .filter((k) => k !== 'constructor')
    .sort();

describe('DockerodeAdapter', () => {
  it('offers exactly the read calls and nothing else', () => {
    expect(methodsOf(DockerodeAdapter.prototype)).toEqual(READ_CALLS);
  });

  it('keeps the dockerode client private, so no caller can reach a write', () => {
    const sut = new DockerodeAdapter({ dockerHost: 'unix:///nonexistent.sock' });
    const publicFields = Object.keys(sut).filter((k) => !['docker', 'streaming'].includes(k));

    expect(publicFields.sort()).toEqual(['calls', 'endpoint', 'streams']);
    expect(sut).toBeInstanceOf(DockerPort);
  });

  it.each([
    [undefined, 'unix:///var/run/docker.sock'],
    ['unix:///run/docker.sock', 'unix:///run/docker.sock'],
    ['tcp://gpu1:2375', 'tcp://gpu1:2375'],
  ])('names its endpoint for DOCKER_HOST=%s', (dockerHost, endpoint) => {
    expect(new DockerodeAdapter({ dockerHost }).endpoint).toBe(endpoint);
  });
});

describe('DockerodeAdapter endpoints', () => {
  it.each([
    ['ssh://ops@lab-host', 'ssh://ops@lab-host:22'],
    ['ssh://lab-host:2222', 'ssh://lab-host:2222'],
  ])('names an ssh engine %s as %s, without credentials', (dockerHost, endpoint) => {
    expect(new DockerodeAdapter({ dockerHost }).endpoint).toBe(endpoint);
  });
});
