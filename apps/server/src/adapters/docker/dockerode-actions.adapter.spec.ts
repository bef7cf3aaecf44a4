import { DockerActionsPort } from './docker-actions.port.js';
import { DockerodeActionsAdapter } from './dockerode-actions.adapter.js';
import { DockerodeAdapter } from './dockerode.adapter.js';

const methodsOf = (proto: object): string[] =>
  Object.getOwnPropertyNames(proto)
    .filter((k) => k !== 'constructor')
    .sort();

describe('DockerodeActionsAdapter', () => {
  it('offers exactly start, stop and restart — no create, kill, exec, remove or archive', () => {
    expect(methodsOf(DockerodeActionsAdapter.prototype)).toEqual(['restart', 'start', 'stop']);
    expect(methodsOf(DockerActionsPort.prototype)).toEqual([]);
  });

  it('keeps its dockerode client private, and is not the read port', () => {
    const sut = new DockerodeActionsAdapter({
      dockerHost: 'unix:///nonexistent.sock',
      maxStopSeconds: 10,
    });
    expect(Object.keys(sut).filter((k) => k !== 'docker')).toEqual(['endpoint']);
    expect(sut.endpoint).toBe('unix:///nonexistent.sock');
    expect(sut).toBeInstanceOf(DockerActionsPort);
    expect(sut).not.toBeInstanceOf(DockerodeAdapter);
  });
});
