import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type {
  DockerSimulationsPayload,
  DockerStatusPayload,
  DockerUsagePayload,
  HostSummary,
  SimulationDetail,
  SourceState,
  StackDetail,
  StatsSample,
} from '@simscope/contracts';
import { LIVE_SOCKET_FACTORY } from '../core/live-socket';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import {
  FakeSocket,
  containerFactory,
  dockerStatusFactory,
  inventoryFactory,
} from '../../testing/factories';
import { DockerDashboard } from './docker-dashboard';
import { SimulationsStore } from './simulations.store';

/** What the server pushes on connect: the inventory snapshot and, unless null, Docker's status. */
interface Pushed {
  inventory: DockerSimulationsPayload;
  status: DockerStatusPayload | null;
  /** Stacks the server knows (pushed in full on connect). */
  stacks?: StackDetail[];
}

const live = (over: Partial<Pushed> = {}): Pushed => ({
  inventory: inventoryFactory([
    containerFactory({
      id: 'c1',
      name: 'sim-trainer',
      displayName: 'trainer',
      cluster: 'sweep',
      phase: 'running',
      route: { path: '/sim/sim-trainer/', port: 8787, targetPath: '/', cookies: false },
    }),
    containerFactory({
      id: 'c2',
      displayName: 'loader',
      cluster: 'sweep',
      phase: 'crashloop',
      reasons: ['restarted 4 times in 10 min'],
      restartCount: 4,
      state: 'running',
    }),
    containerFactory({
      id: 'c3',
      displayName: 'scorer',
      cluster: 'eval',
      phase: 'oom-killed',
      state: 'exited',
    }),
  ]),
  status: dockerStatusFactory(),
  ...over,
});

const limits = { cpus: 0.5, cpuset: null, memoryBytes: 64 << 20, pids: 100 };
const sample = (id: string, cpu: number): StatsSample => ({
  id,
  at: '2026-01-01T00:00:00Z',
  cpuPercent: cpu,
  memoryBytes: 60 << 20,
  memoryLimitBytes: 64 << 20,
  networkRxBytes: 0,
  networkTxBytes: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 4,
  limits,
  pressure: {
    cpu: { share: cpu / 50, level: cpu >= 45 ? 'critical' : 'ok' },
    memory: { share: 0.94, level: 'critical' },
    pids: { share: 0.04, level: 'ok' },
  },
});
const usage: DockerUsagePayload = {
  schema: 'simscope.docker-usage.v1',
  sweptAt: '2026-01-01T00:00:00Z',
  sweepMs: 40,
  state: 'active',
  containers: { c1: sample('c1', 10) },
  clusters: {
    sweep: {
      cpuPercent: 10,
      memoryBytes: 60 << 20,
      memoryLimitBytes: 64 << 20,
      pids: 4,
      sampled: 1,
    },
  },
  totals: {
    cpuPercent: 10,
    memoryBytes: 60 << 20,
    memoryLimitBytes: 64 << 20,
    pids: 4,
    sampled: 1,
  },
};

/**
 * The page with the real connection and stores, driven by a fake socket the way the server would
 * drive it: connect, the snapshot, the status and the usage sweep; stats and log acks answered.
 */
async function render(state: Pushed, url = '/dashboard/docker') {
  const socket = new FakeSocket()
    .answer('watch_container', () => ({
      ok: true,
      id: 'c2',
      samples: [sample('c2', 40), sample('c2', 50), sample('c2', 60)],
    }))
    .answer('logs:follow', () => ({ ok: true }));
  const reconcile = jest.fn(() => Promise.resolve(dockerStatusFactory()));
  TestBed.configureTestingModule({
    providers: [
      provideRouter([{ path: 'dashboard/docker', component: DockerDashboard }]),
      { provide: LIVE_SOCKET_FACTORY, useValue: () => socket },
      {
        provide: SIMSCOPE_CLIENT,
        useValue: {
          reconcile,
          stacks: () =>
            Promise.resolve({
              schema: 'simscope.stacks.v1',
              stacks: (state.stacks ?? []).map((s) => ({ name: s.name })),
            }),
          stack: (name: string) => Promise.resolve(state.stacks?.find((s) => s.name === name)),
          logs: (id: string) =>
            Promise.resolve({
              schema: 'simscope.docker-logs.v1',
              id,
              name: id,
              truncated: false,
              lines: [{ stream: 'stdout', at: null, text: 'tail line' }],
            }),
          simulation: (id: string): Promise<SimulationDetail> => {
            const c = state.inventory.containers.find((x) => x.id === id)!;
            return Promise.resolve({
              ...c,
              schema: 'simscope.simulation-detail.v1',
              restartPolicy: { name: 'always', maximumRetryCount: 0 },
              memoryLimitBytes: 8 * 1024 * 1024,
              healthLog: [],
              transitions: [
                {
                  at: '2026-01-01T00:00:00.000Z',
                  action: 'die',
                  from: 'running',
                  to: 'crashloop',
                  exitCode: 3,
                },
              ],
            });
          },
        },
      },
    ],
  });
  TestBed.inject(SimulationsStore);
  socket.fire('connect');
  socket.fire('docker_simulations', state.inventory);
  if (state.status) {
    socket.fire('docker_status', state.status);
  }
  socket.fire('docker_usage', usage);
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url);
  await settle(harness);
  return { el: harness.routeNativeElement as HTMLElement, socket, reconcile, harness };
}

/** The virtual list measures its viewport after a microtask and renders on the next pass. */
async function settle(harness: RouterTestingHarness): Promise<void> {
  for (let i = 0; i < 3; i++) {
    harness.detectChanges();
    await harness.fixture.whenStable();
    await new Promise((r) => setTimeout(r, 20));
  }
  harness.detectChanges();
}

const text = (el: HTMLElement, selector: string) =>
  [...el.querySelectorAll(selector)].map((e) => e.textContent?.replace(/\s+/g, ' ').trim() ?? '');

const stale: SourceState = {
  status: 'stale',
  lastSuccessAt: '2026-01-01T00:00:00.000Z',
  staleSince: '2026-01-01T00:00:05.000Z',
  diagnosis: {
    code: 'daemon-unreachable',
    remediation: 'Start the Docker daemon or point DOCKER_HOST at a running one.',
    error: 'ECONNREFUSED',
    endpoint: 'unix:///var/run/docker.sock',
    dockerHostSet: false,
    at: '2026-01-01T00:00:05.000Z',
  },
};

describe('DockerDashboard', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('groups containers by cluster, problems first, each phase with its glyph and name', async () => {
    const { el } = await render(live());

    expect(text(el, '[role="rowheader"] strong')).toEqual(['eval', 'sweep']);
    const badges = text(el, '[role="row"][data-id] sim-phase-badge');
    expect(badges).toEqual(['✖ oom-killed', '↻ crashloop', '● running']);
    expect(text(el, '[role="row"][data-id="c2"] .reason')).toEqual(['restarted 4 times in 10 min']);
    expect(el.querySelector('[data-testid="running-total"]')?.textContent).toContain('2 / 3');
    // The sweep's sample shows as meters on its row, and the summary sums it.
    expect(text(el, '[role="row"][data-id="c1"] sim-usage-meters')[0]).toContain('CPU');
    expect(el.querySelector('[data-testid="usage-totals"]')?.textContent).toContain('10 %');
    expect(el.querySelector('[data-testid="limits-policy"]')?.textContent).toContain(
      '3 not yet known',
    );
    // Only the container with a route gets an "open" link, to its /sim/<name>/ path.
    const links = [...el.querySelectorAll<HTMLAnchorElement>('[role="row"][data-id] a.open')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/sim/sim-trainer/']);
  });

  it('links a cluster card to its stack graph when simscope knows that stack', async () => {
    // The stacks store starts with the page, after the connect-time push: it fetches them.
    const sweep = { name: 'sweep', services: [], edges: [], cycles: [] } as unknown as StackDetail;
    const { el } = await render({ ...live(), stacks: [sweep] });

    const links = [...el.querySelectorAll<HTMLAnchorElement>('[data-stack-link]')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/dashboard/stacks?stack=sweep']);
    expect(links[0]?.closest('li')?.querySelector('.name')?.textContent).toBe('sweep');
  });

  it('narrows rows with the phase filter from the URL', async () => {
    const { el } = await render(live(), '/dashboard/docker?phase=crashloop');

    expect(text(el, '[role="row"][data-id] strong')).toEqual(['loader']);
    expect(el.textContent).toContain('1 of 3 shown');
  });

  it('shows the stale banner with the diagnosis and asks the server to retry', async () => {
    const { el, reconcile, harness } = await render(
      live({ status: dockerStatusFactory({ reachable: false, source: stale }) }),
    );

    const banner = el.querySelector('[data-testid="source-banner"]');
    expect(banner?.getAttribute('role')).toBe('alert');
    expect(banner?.textContent).toContain('showing the last known state');
    expect(el.querySelector('[data-testid="diagnosis-code"]')?.textContent).toBe(
      'daemon-unreachable',
    );
    expect(el.querySelector('[data-testid="remediation"]')?.textContent).toContain(
      'Start the Docker daemon',
    );
    banner?.querySelector<HTMLButtonElement>('button')?.click();
    await harness.fixture.whenStable();
    expect(reconcile).toHaveBeenCalledTimes(1);
  });

  it('with several engines: a strip per host, a host column and a host filter', async () => {
    const host = (name: string, status: 'live' | 'stale'): HostSummary => ({
      name,
      endpoint: `tcp://${name}:2376`,
      status,
      lastSuccessAt: null,
      engine: null,
      counts: { total: 1, running: 1 },
      lastEventAgeMs: null,
      lastReconcileMs: null,
      ...(status === 'stale' ? { diagnosis: { ...stale.diagnosis!, host: name } } : {}),
    });
    const base = live();
    const inventory = {
      ...base.inventory,
      containers: base.inventory.containers.map((c, i) => ({
        ...c,
        host: i === 0 ? 'gpu1' : 'local',
      })),
      hosts: [host('local', 'live'), host('gpu1', 'stale')],
    };
    const { el } = await render(
      { ...base, inventory, status: null },
      '/dashboard/docker?host=gpu1',
    );

    const chip = (name: string) =>
      [...el.querySelectorAll(`[data-host="${name}"] > span, [data-host="${name}"] > strong`)].map(
        (e) => e.textContent?.trim(),
      );
    expect(chip('local')).toEqual(['', 'local', 'live', '1/1']);
    expect(chip('gpu1')).toEqual(['', 'gpu1', 'stale', '1/1', 'daemon-unreachable']);
    expect(text(el, '[role="columnheader"]')).toContain('Host');
    expect(text(el, '[role="row"][data-id] strong')).toEqual(['trainer']);
    expect(el.querySelector('[data-testid="filter-host"]')).not.toBeNull();
  });

  it('shows no banner while Docker is live', async () => {
    const { el } = await render(live());
    expect(el.querySelector('[data-testid="source-banner"]')).toBeNull();
  });

  it('teaches how to make containers visible with the server’s own rules when empty', async () => {
    const status = dockerStatusFactory({
      discovery: {
        labelPrefix: 'lab',
        namePattern: '^exp-',
        network: 'exp-net',
        includeStopped: true,
      },
    });
    const { el } = await render(live({ inventory: inventoryFactory([]), status }));

    const empty = el.querySelector('[data-testid="empty-state"]')?.textContent ?? '';
    expect(empty).toContain('lab.enable=true');
    expect(empty).toContain('^exp-');
    const example = el.querySelector('[data-testid="example-command"]')?.textContent ?? '';
    expect(example).toContain('--label lab.enable=true');
    expect(example).toContain('--network exp-net');
  });

  it('keeps the selected container in the URL and opens its detail panel', async () => {
    const { el, socket, harness } = await render(live());
    el.querySelector<HTMLElement>('[role="row"][data-id="c2"]')?.click();
    await settle(harness);
    socket.fire('logs:chunk', {
      id: 'c2',
      lines: [{ stream: 'stderr', at: null, text: 'live line' }],
      dropped: 3,
    });
    await settle(harness);

    expect(TestBed.inject(Router).url).toContain('c=c2');
    const detail = el.querySelector('[data-testid="detail"]')?.textContent?.replace(/\s+/g, ' ');
    expect(el.querySelector('[data-testid="detail"] h2')?.textContent).toBe('loader');
    expect(detail).toMatch(/Memory limit\s*8\.0 MiB/);
    expect(detail).toMatch(/Restart policy\s*always/);
    expect(detail).toContain('die (exit 3)');
    expect(detail).toContain('running → crashloop');
    // Live samples while open: meters with pressure, and trends.
    expect(el.querySelectorAll('[data-testid="detail"] sim-sparkline polyline')).toHaveLength(2);
    expect(el.querySelector('[data-testid="detail"] .lvl-critical')).not.toBeNull();
    // Output: the tail, then followed lines (stderr marked), and the drop count.
    const log = el.querySelector('[data-testid="log-lines"]')?.textContent ?? '';
    expect(log).toContain('tail line');
    expect(log).toContain('live line');
    expect(el.querySelector('[data-testid="detail"]')?.textContent).toContain('3 dropped');
  });
});
