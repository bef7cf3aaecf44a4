import { TestBed } from '@angular/core/testing';
import { SimscopeClient, type DockerStatusPayload } from '@simscope/contracts';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { dockerStatusFactory } from '../../testing/factories';
import { DockerDashboard } from './docker-dashboard';

class FakeClient extends SimscopeClient {
  constructor(private readonly answer: () => Promise<DockerStatusPayload>) {
    super({ fetch: () => Promise.reject(new Error('no network in unit tests')) });
  }
  override dockerStatus(): Promise<DockerStatusPayload> {
    return this.answer();
  }
}

async function render(answer: () => Promise<DockerStatusPayload>): Promise<HTMLElement> {
  TestBed.configureTestingModule({
    imports: [DockerDashboard],
    providers: [{ provide: SIMSCOPE_CLIENT, useValue: new FakeClient(answer) }],
  });
  const fixture = TestBed.createComponent(DockerDashboard);
  await fixture.whenStable();
  fixture.detectChanges();
  const el = fixture.nativeElement as HTMLElement;
  fixture.destroy();
  return el;
}

describe('DockerDashboard', () => {
  it('shows the engine when Docker is reachable', async () => {
    const sut = await render(() => Promise.resolve(dockerStatusFactory()));

    const banner = sut.querySelector('[data-testid="docker-status"]')?.textContent ?? '';
    expect(banner).toContain('Docker reachable');
    expect(banner).toContain('lab-host');
    expect(banner).toContain('2 of 3 containers running');
  });

  it('shows the diagnosis and its remediation when Docker is not', async () => {
    const status = dockerStatusFactory({
      reachable: false,
      engine: null,
      source: {
        status: 'unavailable',
        lastSuccessAt: null,
        diagnosis: {
          code: 'permission-denied',
          remediation: 'Add the user to the docker group.',
          error: 'EACCES: connect EACCES /var/run/docker.sock',
          endpoint: 'unix:///var/run/docker.sock',
          dockerHostSet: false,
          at: '2026-01-01T00:00:00.000Z',
        },
      },
    });

    const sut = await render(() => Promise.resolve(status));

    const banner = sut.querySelector('[role="alert"]')?.textContent ?? '';
    expect(banner).toContain('permission-denied');
    expect(banner).toContain('Add the user to the docker group.');
  });

  it('says so when the simscope server itself does not answer', async () => {
    const sut = await render(() => Promise.reject(new Error('Failed to fetch')));

    expect(sut.querySelector('[role="alert"]')?.textContent).toContain('server is not answering');
  });
});
