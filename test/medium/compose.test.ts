import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parse } from 'yaml';
import { startApp, type RunningApp } from '../support/app.js';
import { removeTestContainers, TEST_IMAGE, TEST_RUN_LABEL } from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import { createNetwork, dockerCli, testEngineHost, uniqueName } from '../support/factories.js';

const COMPOSE = process.env.SIMSCOPE_DOCKER_COMPOSE ?? '/usr/bin/docker-compose';
const missing = existsSync(COMPOSE) ? null : `no docker-compose at ${COMPOSE}`;
if (missing && process.env.CI === 'true') {
  throw new Error(`The compose tests need docker-compose under CI: ${missing}`);
}
const describeCompose = missing ? describe.skip : describe;

interface Service {
  image?: string;
  command?: string[];
  labels?: Record<string, string>;
  networks?: Record<string, unknown> | string[];
  volumes?: string[];
  restart?: string;
  healthcheck?: { test: string[]; interval?: string };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  ports?: unknown[];
  build?: { args?: Record<string, string> };
}
interface ComposeFile {
  services: Record<string, Service>;
  networks?: Record<string, { name?: string; external?: boolean }>;
  volumes?: Record<string, unknown>;
}

/** `docker-compose config`: validates the file and prints it resolved (variables, anchors). */
function composeConfig(file: string, env: Record<string, string> = {}, project = 'simscope') {
  const r = spawnSync(COMPOSE, ['-f', file, '-p', project, 'config'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return {
    status: r.status,
    stderr: r.stderr,
    config: r.status === 0 ? (parse(r.stdout) as ComposeFile) : null,
  };
}

describeCompose('docker-compose.yml', () => {
  const { status, stderr, config } = composeConfig('docker-compose.yml');

  it('is a valid compose file', () => {
    expect(stderr).not.toMatch(/error/i);
    expect(status).toBe(0);
  });

  it('gives the Docker socket only to the read-only allowlist proxy', () => {
    const services = config!.services;
    const withSocket = Object.entries(services)
      .filter(([, s]) => (s.volumes ?? []).some((v) => v.includes('docker.sock')))
      .map(([name]) => name);
    expect(withSocket).toEqual(['docker-api']);
    expect(services['docker-api'].volumes).toContain(
      '/var/run/docker.sock:/var/run/docker.sock:rw',
    );
    expect(services.server.environment?.DOCKER_HOST).toBe('tcp://docker-api:2375');
    const apiNets = Object.keys(services['docker-api'].networks ?? {});
    expect(apiNets).toEqual(['internal']);
  });

  it('opens the proxy to actions only with SIMSCOPE_ACTIONS=on, and labels its own containers', () => {
    const mountOf = (c: ComposeFile) =>
      c.services['docker-api'].volumes?.find((v) => v.includes(':/etc/nginx/docker-api-actions'));
    expect(mountOf(config!)).toMatch(
      /\/nginx\/docker-api-actions\/off:\/etc\/nginx\/docker-api-actions:ro$/,
    );
    expect(config!.services.server.environment?.SIMSCOPE_ACTIONS).toBe('off');
    const on = composeConfig('docker-compose.yml', { SIMSCOPE_ACTIONS: 'on' }).config!;
    expect(mountOf(on)).toMatch(
      /\/nginx\/docker-api-actions\/on:\/etc\/nginx\/docker-api-actions:ro$/,
    );
    expect(on.services.server.environment?.SIMSCOPE_ACTIONS).toBe('on');
    for (const [name, service] of Object.entries(config!.services)) {
      expect(service.labels?.['simscope.component']).toBe(name);
    }
  });

  it('keeps data in a named volume, restarts services, checks their health and publishes 8080', () => {
    const { services, volumes, networks } = config!;
    expect(services.server.volumes?.some((v) => /^simscope-data:\/data/.test(v))).toBe(true);
    expect(Object.keys(volumes ?? {})).toContain('simscope-data');
    for (const s of Object.values(services)) {
      expect(s.restart).toBe('unless-stopped');
    }
    expect(services['docker-api'].healthcheck?.test).toContain('http://127.0.0.1:2375/_ping');
    // nginx's check walks the path a user depends on: nginx → server → docker-api → Docker.
    expect(services.nginx.healthcheck?.test).toContain('http://127.0.0.1:8080/readyz');
    expect(services.server.depends_on?.['docker-api'].condition).toBe('service_healthy');
    expect(services.nginx.ports).toEqual(['0.0.0.0:8080:8080/tcp']);
    // sim-net is created outside the file, so `down` works while simulations are attached to it.
    expect(networks?.['sim-net']).toEqual({ external: true, name: 'sim-net' });
    expect(Object.keys(services.nginx.networks ?? {})).toContain('sim-net');
  });

  it('takes the published port and address, the socket, the network and the base images from variables', () => {
    const custom = composeConfig('docker-compose.yml', {
      SIMSCOPE_HTTP_PORT: '9090',
      SIMSCOPE_BIND: '127.0.0.1',
      DOCKER_SOCKET: '/run/user/1000/docker.sock',
      SIMSCOPE_NETWORK: 'lab-net',
      SIMSCOPE_NGINX_IMAGE: 'local/nginx:1',
      SIMSCOPE_NODE_IMAGE: 'local/node:20',
    }).config!;
    const { services, networks } = custom;
    expect(services.nginx.ports).toEqual(['127.0.0.1:9090:8080/tcp']);
    expect(services['docker-api'].volumes).toContain(
      '/run/user/1000/docker.sock:/var/run/docker.sock:rw',
    );
    expect(services['docker-api'].image).toBe('local/nginx:1');
    expect(services.server.environment?.SIMSCOPE_NETWORK).toBe('lab-net');
    expect(networks?.['sim-net']).toEqual({ external: true, name: 'lab-net' });
    expect(services.server.build?.args).toEqual({ NODE_IMAGE: 'local/node:20' });
    expect(services.nginx.build?.args).toEqual({
      NODE_IMAGE: 'local/node:20',
      NGINX_IMAGE: 'local/nginx:1',
    });
  });
});

describeCompose('examples/sim-stack', () => {
  const network = uniqueName('simnet-example');
  let running: RunningApp;

  beforeAll(async () => {
    createNetwork(network);
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_RECONCILE_MS: '3600000',
      SIMSCOPE_NETWORK: network,
      // Routes as behind nginx, whether or not the console is built in this checkout.
      SIMSCOPE_SIM_ROUTES: 'on',
    });
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    removeTestContainers(testEngineHost());
  }, 60_000);

  it('refuses to start without naming the copy', () => {
    const { status, stderr } = composeConfig('examples/sim-stack/docker-compose.yml', {
      STACK: '',
    });
    expect(status).not.toBe(0);
    expect(stderr).toContain('set STACK to name this copy');
  });

  it('two copies, as compose would create them, are two clusters on the shared network', async () => {
    for (const stack of ['sweep-a', 'sweep-b']) {
      const { config } = composeConfig(
        'examples/sim-stack/docker-compose.yml',
        { STACK: stack },
        stack,
      );
      expect(Object.keys(config!.networks ?? {})).toEqual(['sim-net']);
      for (const [service, s] of Object.entries(config!.services)) {
        // Exactly the example's labels, network and healthcheck; the image is ours (no registry).
        const labels = Object.entries({
          ...s.labels,
          'com.docker.compose.project': stack,
          'com.docker.compose.service': service,
          // What compose also writes: host paths that must not reach API clients.
          'com.docker.compose.project.working_dir': `/home/alice/${stack}`,
          'com.docker.compose.project.config_files': `/home/alice/${stack}/docker-compose.yml`,
          [TEST_RUN_LABEL]: '1',
        }).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
        const hc = s.healthcheck!.test;
        dockerCli([
          'run',
          '-d',
          '--name',
          `${stack}-${service}-1`,
          '--network',
          network,
          ...labels,
          '--health-cmd',
          hc.slice(1).join(' '),
          '--health-interval',
          '2s',
          TEST_IMAGE,
          ...s.command!.map((part) => part.replaceAll('$$', '$')),
        ]);
      }
    }

    const inv = await eventually(
      async () => {
        const i = await running.client.simulations({ experiment: 'demo' });
        return i.counts.total === 6 && i.containers.every((c) => c.health === 'healthy')
          ? i
          : undefined;
      },
      30_000,
      'six healthy simulations from the example stack',
    );
    expect(inv.clusters.map((c) => [c.name, c.total, c.onSharedNetwork])).toEqual([
      ['sweep-a', 3, true],
      ['sweep-b', 3, true],
    ]);
    expect(inv.clusters[0].composeProjects).toEqual(['sweep-a']);
    expect(inv.clusters[0].experiments).toEqual(['demo']);
    const a = inv.containers.filter((c) => c.cluster === 'sweep-a');
    expect(a.map((c) => c.role).sort()).toEqual(['dashboard', 'evaluator', 'trainer']);
    expect(a.every((c) => c.discoveredBy === 'label' && c.phase === 'running')).toBe(true);
    expect(
      Object.keys(a[0]?.labels ?? {}).filter((k) => k.startsWith('com.docker.compose.')),
    ).toEqual(['com.docker.compose.project', 'com.docker.compose.service']);
    const dashboard = a.find((c) => c.role === 'dashboard')!;
    expect(dashboard.route).toEqual({
      path: '/sim/sweep-a-dashboard-1/',
      port: 8787,
      targetPath: '/',
      cookies: false,
    });
  }, 60_000);
});
