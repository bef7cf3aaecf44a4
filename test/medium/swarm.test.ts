import type { HostSummary, LogsChunk, SimulationContainer } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { docker } from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import { uniqueName } from '../support/factories.js';
import { connect, type TypedSocket } from '../support/live.js';
import { freePort } from '../support/net.js';
import { nginxMissing, renderConfig, startNginx, type RunningNginx } from '../support/nginx.js';
import { describeWhen } from '../support/needs.js';
import { startSwarm, type TestSwarm } from '../support/swarm.js';

/**
 * A real Swarm (two private engines on loopback), read by simscope through the allowlist proxy in
 * front of the manager — the way compose deploys it.
 */
describeWhen(nginxMissing(), 'The Swarm suite')(
  'Docker Swarm: services and tasks across nodes',
  () => {
    let swarm: TestSwarm;
    let nginx: RunningNginx;
    let proxy: string;
    let running: RunningApp;
    const sockets: TypedSocket[] = [];
    const sims = uniqueName('sim-swarm');
    const bad = uniqueName('sim-swarm-bad');
    const cluster = uniqueName('swarmy');

    beforeAll(async () => {
      swarm = await startSwarm('sw');
      const port = await freePort();
      const socket = swarm.manager.plan.socket;
      nginx = await startNginx(
        renderConfig('docker-api-proxy.conf', [
          ['server unix:/var/run/docker.sock;', `server unix:${socket};`],
          ['listen 2375;', `listen 127.0.0.1:${port};`],
          ['include /etc/nginx/docker-api-actions/*.conf;', ''],
        ]),
        port,
        ['user root;'],
      );
      proxy = `http://127.0.0.1:${port}`;
      swarm.service(
        sims,
        [
          '--replicas',
          '4',
          '--label',
          'simscope.enable=true',
          '--label',
          `simscope.cluster=${cluster}`,
        ],
        ['sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.2; done'],
      );
      running = await startApp({
        SIMSCOPE_DOCKER_ENDPOINTS: `swarm=tcp://127.0.0.1:${port}?mode=swarm`,
        SIMSCOPE_RECONCILE_MS: '3600000',
      });
    }, 180_000);

    afterAll(async () => {
      sockets.forEach((s) => s.disconnect());
      await running?.close();
      await nginx?.stop();
      await swarm?.dispose();
    }, 180_000);

    const inventory = () => running.client.simulations();
    const tasksOf = async (service: string): Promise<SimulationContainer[]> =>
      (await inventory()).containers.filter((c) => c.swarm?.service === service);
    const hosts = async (): Promise<Record<string, HostSummary>> =>
      Object.fromEntries((await inventory()).hosts.map((h) => [h.node?.id ?? h.name, h]));
    const fourRunning = (hostsWanted: number) =>
      eventually(
        async () => {
          const live = (await tasksOf(sims)).filter((t) => t.phase === 'running');
          return live.length === 4 && new Set(live.map((t) => t.host)).size === hostsWanted
            ? live
            : undefined;
        },
        60_000,
        `4 running tasks on ${hostsWanted} node(s)`,
      );

    it('shows a labelled 4-replica service as 4 task rows across both nodes, one cluster "4/4 running"', async () => {
      const live = await fourRunning(2);

      // Both nodes run on this machine under one hostname, so each is named by its node id.
      expect(new Set(live.map((t) => t.host))).toEqual(
        new Set([swarm.managerNode, swarm.workerNode]),
      );
      expect(live.every((t) => t.cluster === cluster && t.displayName.startsWith(`${sims}.`))).toBe(
        true,
      );
      const card = (await inventory()).clusters.find((c) => c.name === cluster);
      expect(card?.services).toEqual([
        expect.objectContaining({
          name: sims,
          mode: 'replicated',
          desired: 4,
          running: 4,
          reason: null,
        }),
      ]);
      const nodes = await hosts();
      expect(nodes[swarm.managerNode].node).toMatchObject({
        role: 'manager',
        state: 'ready',
        availability: 'active',
      });
      expect(nodes[swarm.workerNode].node).toMatchObject({ role: 'worker', state: 'ready' });
      expect(nodes[swarm.workerNode].node?.engineVersion).toMatch(/^\d+\./);
      // Stats: the manager's node through the manager; the worker has no endpoint of its own here.
      const onWorker = live.find((t) => t.host === swarm.workerNode);
      expect(onWorker?.swarm?.statsNote).toBe(
        `stats need this node's engine endpoint (one named ${swarm.workerNode})`,
      );
      expect(live.find((t) => t.host === swarm.managerNode)?.swarm?.statsVia).toBe('swarm');
    });

    it('answers a stats watch of a worker task with why not, and streams the manager’s own', async () => {
      const live = await fourRunning(2);
      const socket = connect(running.baseUrl);
      sockets.push(socket);
      const worker = live.find((t) => t.host === swarm.workerNode);
      const refused = await socket.timeout(5000).emitWithAck('watch_container', { id: worker!.id });
      expect(refused).toMatchObject({
        ok: false,
        id: worker!.id,
        error: `stats need this node's engine endpoint (one named ${swarm.workerNode})`,
      });
      const own = live.find((t) => t.host === swarm.managerNode);
      const samples = new Promise((resolve) => socket.once('container_stats', resolve));
      const watched = await socket.timeout(5000).emitWithAck('watch_container', { id: own!.id });
      expect(watched).toMatchObject({ ok: true, id: own!.id });
      await expect(samples).resolves.toMatchObject({ id: own!.id });
      socket.emit('unwatch_container', { id: own!.id });
    });

    it('reads a task’s logs through the manager: a tail, then a follow of new lines', async () => {
      const task = (await fourRunning(2)).find((t) => t.host === swarm.workerNode);
      if (!task) {
        throw new Error('no task on the worker');
      }
      const tail = await eventually(
        async () => {
          const t = await running.client.logs(task.id, { tail: 3 });
          return t.lines.length === 3 ? t : undefined;
        },
        10_000,
        'three lines in the task’s tail',
      );
      expect(tail.lines.every((l) => /^tick \d+$/.test(l.text) && l.at)).toBe(true);

      const socket = connect(running.baseUrl);
      sockets.push(socket);
      const chunks: LogsChunk[] = [];
      socket.on('logs:chunk', (c) => chunks.push(c));
      const ack = await socket.timeout(5000).emitWithAck('logs:follow', { id: task.id });
      expect(ack.ok).toBe(true);
      const lines = await eventually(
        () => {
          const all = chunks.flatMap((c) => c.lines);
          return all.length >= 3 ? all : undefined;
        },
        10_000,
        'followed lines of the task',
      );
      const ticks = lines.map((l) => Number(/^tick (\d+)$/.exec(l.text)?.[1]));
      // Only this task's lines (one counter, rising), never another replica's.
      expect(ticks.every((n, i) => i === 0 || n > ticks[i - 1])).toBe(true);
      socket.emit('logs:unfollow', { id: task.id });
    });

    it('shows a service whose command exits 3 as failed tasks and a crash loop at service level', async () => {
      swarm.service(
        bad,
        [
          '--label',
          'simscope.enable=true',
          '--restart-delay',
          '1s',
          '--restart-condition',
          'on-failure',
          '--restart-max-attempts',
          '50',
          '--limit-memory',
          '64m',
          '--constraint',
          'node.role==manager',
        ],
        ['sh', '-c', 'exit 3'],
      );
      const card = await eventually(
        async () => {
          const c = (await inventory()).clusters.find((x) => x.name === bad);
          return c?.services?.[0]?.crashLoop ? c : undefined;
        },
        60_000,
        'the service-level crash loop',
      );
      expect(card.services?.[0]).toMatchObject({ running: 0, desired: 1 });
      expect(card.services?.[0].reason).toMatch(/^\d+ tasks failed in 10 min$/);
      const tasks = await tasksOf(bad);
      const failed = tasks.filter((t) => t.phase === 'failed');
      expect(failed.length).toBeGreaterThanOrEqual(3);
      expect(
        failed.every((t) => t.reasons[0] === 'task: non-zero exit (3)' && t.exitCode === 3),
      ).toBe(true);
      // The detail of a task says how its service restarts it and what it may use.
      const detail = await running.client.simulation(failed[0].id);
      expect(detail.restartPolicy).toEqual({ name: 'on-failure', maximumRetryCount: 50 });
      expect(detail.memoryLimitBytes).toBe(64 * 1024 * 1024);
      docker(swarm.manager.plan.host, ['service', 'rm', bad]);
      await eventually(
        async () => (await tasksOf(bad)).length === 0,
        30_000,
        'the removed service gone',
      );
    });

    it('drains the worker: its tasks move to the manager, the counts stay right, the node shows drain', async () => {
      docker(swarm.manager.plan.host, [
        'node',
        'update',
        '--availability',
        'drain',
        swarm.workerNode,
      ]);
      try {
        const live = await fourRunning(1);
        expect(live.every((t) => t.host === swarm.managerNode)).toBe(true);
        const card = (await inventory()).clusters.find((c) => c.name === cluster);
        expect(card?.services?.[0]).toMatchObject({ desired: 4, running: 4 });
        expect((await hosts())[swarm.workerNode].node?.availability).toBe('drain');
      } finally {
        docker(swarm.manager.plan.host, [
          'node',
          'update',
          '--availability',
          'active',
          swarm.workerNode,
        ]);
      }
    });

    it('a stopped worker engine: its node goes down, its tasks orphaned with a diagnosis; the manager keeps streaming', async () => {
      // Spread the service over both nodes again.
      docker(swarm.manager.plan.host, ['service', 'update', '--detach', '--force', sims]);
      await fourRunning(2);
      await swarm.worker.stop();
      try {
        const orphans = await eventually(
          async () => {
            const o = (await tasksOf(sims)).filter((t) => t.phase === 'orphaned');
            return o.length > 0 ? o : undefined;
          },
          60_000,
          'the worker’s tasks orphaned',
        );
        expect(orphans.every((t) => t.host === swarm.workerNode)).toBe(true);
        expect(orphans[0].reasons[0]).toMatch(
          new RegExp(
            `^node ${swarm.workerNode} is down.*: the manager last saw this task \\w+ at .*; it may still run there$`,
          ),
        );
        const node = (await hosts())[swarm.workerNode];
        expect(node).toMatchObject({ status: 'stale', node: { state: 'down' } });
        expect(node.diagnosis?.remediation).toContain(
          'its tasks show as orphaned until it is back',
        );
        // The manager reschedules: 4 running again, all on the manager, and simscope still live.
        await eventually(
          async () => {
            const t = await tasksOf(sims);
            return (
              t.filter((x) => x.phase === 'running' && x.host === swarm.managerNode).length === 4
            );
          },
          60_000,
          'the replacements running on the manager',
        );
        expect((await hosts())[swarm.managerNode].status).toBe('live');
      } finally {
        await swarm.worker.start();
      }
      await eventually(
        async () => {
          const h = await hosts();
          const t = await tasksOf(sims);
          return (
            h[swarm.workerNode]?.node?.state === 'ready' && !t.some((x) => x.phase === 'orphaned')
          );
        },
        90_000,
        'the worker back and no task orphaned',
      );
    });

    it.each([
      ['GET', '/nodes', 200],
      ['GET', '/v1.41/services', 200],
      ['GET', '/tasks', 200],
      ['GET', '/nodes/{node}', 200],
      ['GET', '/services/{service}/logs?stdout=1&tail=1', 200],
      ['POST', '/services/create', 403],
      ['POST', '/swarm/join', 403],
      ['POST', '/nodes/{node}/update?version=1', 403],
      ['GET', '/swarm', 403],
    ])('the allowlist proxy answers %s %s with %s', async (method, path, status) => {
      const url = path.replace('{node}', swarm.workerNode).replace('{service}', sims);
      const res = await fetch(`${proxy}${url}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.status).toBe(status);
      await res.arrayBuffer();
    });
  },
);
