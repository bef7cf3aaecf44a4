import { chromiumMissing, screenshot } from '../support/browser.js';
import { consoleSuite } from '../support/console-suite.js';
import { privatePlan } from '../support/engine.js';
import { uniqueName } from '../support/factories.js';
import { describeWhen } from '../support/needs.js';
import { startSwarm, type TestSwarm } from '../support/swarm.js';

const describeBrowser = describeWhen(chromiumMissing(), 'The browser tests');
const SWARM = 'sx';

describeBrowser('a Swarm in the console', () => {
  let swarm: TestSwarm;
  const sims = uniqueName('sim-sw');
  const bad = uniqueName('sim-sw-bad');
  const cluster = uniqueName('e2e-swarm');

  // Registered before the console suite's own, so the swarm is up when the server starts.
  beforeAll(async () => {
    swarm = await startSwarm(SWARM);
    swarm.service(
      sims,
      [
        '--replicas',
        '3',
        '--label',
        'simscope.enable=true',
        '--label',
        `simscope.cluster=${cluster}`,
      ],
      ['sleep', '3600'],
    );
    swarm.service(
      bad,
      [
        '--label',
        'simscope.enable=true',
        '--label',
        `simscope.cluster=${cluster}`,
        '--restart-delay',
        '1s',
      ],
      ['sh', '-c', 'exit 3'],
    );
  }, 180_000);
  afterAll(() => swarm?.dispose(), 180_000);

  const suite = consoleSuite({
    SIMSCOPE_DOCKER_ENDPOINTS: `swarm=${privatePlan(`${SWARM}-m`, { perRun: true }).host}?mode=swarm`,
    SIMSCOPE_RECONCILE_MS: '3600000',
  });

  it('shows services on the cluster card, nodes in the host strip, and a task’s node and stats note', async () => {
    const page = await suite.page();
    await page.goto(`${suite.running.baseUrl}/dashboard/docker`);

    const card = page.locator(`[data-cluster="${cluster}"]`);
    // When a wait fails, say what the card and the API showed: a Swarm under load is slow, not silent.
    const explain = async (err: Error): Promise<never> => {
      const inventory = await suite.running.client.simulations();
      const tasks = inventory.containers
        .filter((c) => c.cluster === cluster)
        .map(
          (c) => `${c.displayName} ${c.host} ${c.phase} ${c.swarm?.state} ${c.reasons[0] ?? ''}`,
        );
      const hosts = inventory.hosts.map(
        (h) => `${h.name} ${h.status} ${h.node?.state ?? ''} ${h.diagnosis?.error ?? ''}`,
      );
      throw new Error(
        `${err.message}\ncard: ${await card.textContent().catch(() => '(none)')}\ntasks:\n${tasks.join('\n')}\nhosts:\n${hosts.join('\n')}`,
      );
    };
    await card
      .locator(`[data-service="${sims}"]`, { hasText: '3/3 running' })
      .waitFor({ timeout: 60_000 })
      .catch(explain);
    await card
      .locator(`[data-service="${bad}"] .reason`, { hasText: /^\d+ tasks failed in 10 min$/ })
      .waitFor({ timeout: 60_000 })
      .catch(explain);
    const strip = page.locator('[data-testid="host-strip"]');
    await strip
      .locator(`[data-node="${swarm.managerNode}"]`, { hasText: 'manager (leader)' })
      .waitFor();
    await strip.locator(`[data-node="${swarm.workerNode}"]`, { hasText: 'worker' }).waitFor();
    await screenshot(page, 'docker-swarm');

    await page.locator(`[data-host="${swarm.workerNode}"]`).click();
    await page.locator(`[data-name^="${sims}."]`).first().click();
    const panel = page.locator('[data-testid="detail"]');
    await panel
      .locator('[data-testid="swarm-task"]', { hasText: `on node ${swarm.workerNode}` })
      .waitFor();
    await panel
      .locator('[data-testid="stats-note"]', { hasText: "stats need this node's engine endpoint" })
      .waitFor();
    await screenshot(page, 'docker-swarm-task');
  }, 150_000);
});
