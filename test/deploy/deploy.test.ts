/**
 * The compose deployment, built and run as a user would, on a private engine of its own: both images
 * built from the repository, the stack and the example up, and everything checked through nginx's
 * published port. Run by `npm run test:deploy` (not part of `npm test`: it builds images, ~10 min).
 * Base images come from test/deploy/make-base-images.sh (Debian packages, no registry); the run makes
 * them when the engine lacks them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerSimulationsPayload } from '@simscope/contracts';
import { docker, privatePlan, startPrivateEngine, stopPrivateEngine } from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import { connect, firstSnapshot } from '../support/live.js';
import { freePort } from '../support/net.js';

const COMPOSE = process.env.SIMSCOPE_DOCKER_COMPOSE ?? '/usr/bin/docker-compose';
const NODE_IMAGE = process.env.SIMSCOPE_NODE_IMAGE ?? 'simscope-base/node:20';
const NGINX_IMAGE = process.env.SIMSCOPE_NGINX_IMAGE ?? 'simscope-base/nginx:bookworm';
const SIM_IMAGE = 'simscope/deploy-busybox:latest';
/** The private engine's address pool: containers on its networks may forward, nothing else. */
const POOLS = ['10.213.0.0/16', '172.30.57.0/24'];
const PROJECT = 'simscope-deploy';

const plan = privatePlan('deploy');
const host = plan.host;
let port = 0;
let base = '';

function compose(args: string[], env: NodeJS.ProcessEnv = {}, project = PROJECT): string {
  const r = spawnSync(COMPOSE, ['-p', project, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      DOCKER_HOST: host,
      SIMSCOPE_NODE_IMAGE: NODE_IMAGE,
      SIMSCOPE_NGINX_IMAGE: NGINX_IMAGE,
      DOCKER_SOCKET: plan.socket,
      SIMSCOPE_HTTP_PORT: String(port),
      SIMSCOPE_BIND: '127.0.0.1',
      ...env,
    },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`${COMPOSE} ${args.join(' ')} exited ${r.status}:\n${r.stderr.slice(-4000)}`);
  }
  return r.stdout;
}
const stack = (extra: string[]) => [
  '-f',
  'docker-compose.yml',
  '-f',
  'test/deploy/compose.build-network.yml',
  ...extra,
];
const example = (name: string, args: string[]) =>
  compose(
    ['-f', 'examples/sim-stack/docker-compose.yml', ...args],
    { SIM_IMAGE, STACK: name },
    name,
  );

function hasImage(image: string): boolean {
  return (
    spawnSync('docker', ['-H', host, 'image', 'inspect', image], { stdio: 'ignore' }).status === 0
  );
}

/** Busybox with every applet linked: the example stack's sims use mkdir and httpd too. */
function ensureSimImage(): void {
  if (hasImage(SIM_IMAGE)) {
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'simscope-deploy-busybox-'));
  try {
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'tmp'));
    copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
    const applets = execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n');
    for (const applet of applets.filter((a) => a && a !== 'busybox')) {
      symlinkSync('busybox', join(root, 'bin', applet));
    }
    const tar = execFileSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
    docker(host, ['import', '--change', 'CMD ["sh"]', '-', SIM_IMAGE], tar);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function forwarding(action: '-I' | '-D'): void {
  for (const pool of POOLS) {
    for (const side of ['-s', '-d']) {
      spawnSync('iptables', [action, 'FORWARD', side, pool, '-j', 'ACCEPT'], { stdio: 'ignore' });
    }
  }
}

const inspect = (container: string, format: string) =>
  docker(host, ['inspect', '-f', format, container]);
const serviceContainer = (service: string) => compose([...stack(['ps', '-q', service])]).trim();

describe('the compose deployment', () => {
  beforeAll(async () => {
    await startPrivateEngine(plan, ['--default-address-pool', 'base=10.213.0.0/16,size=24']);
    forwarding('-I');
    if (!hasImage(NODE_IMAGE) || !hasImage(NGINX_IMAGE)) {
      execFileSync('sh', ['test/deploy/make-base-images.sh'], {
        env: { ...process.env, DOCKER_HOST: host, NODE_IMAGE, NGINX_IMAGE },
        stdio: 'inherit',
      });
    }
    ensureSimImage();
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    spawnSync('docker', ['-H', host, 'network', 'create', 'sim-net'], { stdio: 'ignore' });
    compose(stack(['up', '-d', '--build']));
    example('sweep-a', ['up', '-d']);
    await eventually(
      () =>
        inspect(serviceContainer('nginx'), '{{.State.Health.Status}}') === 'healthy' || undefined,
      120_000,
      'nginx healthy (its check is /readyz through the server and the Docker allowlist)',
    );
  }, 40 * 60_000);

  afterAll(async () => {
    try {
      example('sweep-a', ['down', '-t', '1']);
      compose(stack(['down', '-v', '-t', '1']));
      spawnSync('docker', ['-H', host, 'network', 'rm', 'sim-net'], { stdio: 'ignore' });
    } finally {
      forwarding('-D');
      await stopPrivateEngine(plan);
    }
  }, 120_000);

  it('serves the console through nginx, with its security headers', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<sim-root>');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves the OpenAPI page with its assets', async () => {
    const page = await fetch(`${base}/api/docs/`);
    expect(page.status).toBe(200);
    for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
      const res = await fetch(`${base}/api/docs/${asset}`);
      expect([asset, res.status]).toEqual([asset, 200]);
    }
  });

  it('shows the example stack as a cluster of three healthy simulations, live over a WebSocket', async () => {
    const inv = await eventually(
      async () => {
        const i = (await (
          await fetch(`${base}/api/docker/simulations`)
        ).json()) as DockerSimulationsPayload;
        const a = i.containers.filter((c) => c.cluster === 'sweep-a');
        return a.length === 3 && a.every((c) => c.health === 'healthy') ? i : undefined;
      },
      90_000,
      'the example cluster sweep-a with three healthy simulations',
    );
    expect(
      inv.containers
        .filter((c) => c.cluster === 'sweep-a')
        .map((c) => c.role)
        .sort(),
    ).toEqual(['dashboard', 'evaluator', 'trainer']);
    const socket = connect(base, { transports: ['websocket'] });
    try {
      const snapshot = await firstSnapshot(socket);
      expect(snapshot.clusters.map((c) => c.name)).toContain('sweep-a');
    } finally {
      socket.close();
    }
  });

  it("opens a simulation's web UI at /sim/<name>/, with its assets, sandboxed", async () => {
    // compose v2 names it sweep-a-dashboard-1, 1.29 sweep-a_dashboard_1: ask simscope for its route.
    const inv = (await (
      await fetch(`${base}/api/docker/simulations?q=dashboard`)
    ).json()) as DockerSimulationsPayload;
    const route = inv.containers.find((c) => c.cluster === 'sweep-a')?.route.path;
    expect(route).toMatch(/^\/sim\/sweep-a[-_]dashboard[-_]1\/$/);
    const page = await eventually(
      async () => {
        const r = await fetch(`${base}${route}`);
        return r.status === 200 ? r : undefined;
      },
      30_000,
      'the dashboard sim answering through nginx',
    );
    expect(await page.text()).toContain('<script src="app.js">');
    expect(page.headers.get('content-security-policy')).toContain('sandbox');
    const js = await fetch(`${base}${route}app.js`);
    expect([js.status, (await js.text()).trim()]).toEqual([200, 'console.log("dashboard")']);
  });

  it('reads Docker only through the allowlist, from unprivileged, read-only containers', () => {
    const server = serviceContainer('server');
    const nginx = serviceContainer('nginx');
    expect(inspect(server, '{{range .Mounts}}{{.Destination}} {{end}}').trim()).toBe('/data');
    expect(inspect(server, '{{range .Config.Env}}{{println .}}{{end}}')).toContain(
      'DOCKER_HOST=tcp://docker-api:2375',
    );
    // From inside the server: a call outside the allowlist is refused by the proxy.
    const refused = docker(host, [
      'exec',
      server,
      'node',
      '-e',
      "fetch('http://docker-api:2375/containers/json?all=1').then(async r => { const x = await fetch('http://docker-api:2375/containers/x/archive?path=/'); console.log(r.status, x.status) })",
    ]);
    expect(refused).toBe('200 403');
    for (const [container, user, title] of [
      [server, '1000:1000', 'simscope-server'],
      [nginx, '101:101', 'simscope-nginx'],
    ]) {
      expect(inspect(container, '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}')).toBe(
        `${user} true`,
      );
      expect(inspect(container, '{{index .Config.Labels "org.opencontainers.image.title"}}')).toBe(
        title,
      );
    }
  });

  it('comes down while simulations are still attached to sim-net', () => {
    expect(() => compose(stack(['down', '-t', '1']))).not.toThrow();
    expect(docker(host, ['network', 'ls', '--format', '{{.Name}}'])).toContain('sim-net');
  });
});
