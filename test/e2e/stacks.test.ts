import { consoleSuite } from '../support/console-suite.js';
import { chromiumMissing, screenshot } from '../support/browser.js';
import { dockerCli, uniqueName } from '../support/factories.js';
import { describeWhen } from '../support/needs.js';
import { runCycleStack, runExampleStack } from '../support/stack.js';

const describeBrowser = describeWhen(chromiumMissing(), 'The browser tests');

describeBrowser('the stacks page, live against the engine', () => {
  const suite = consoleSuite({ SIMSCOPE_RECONCILE_MS: '3600000' });

  it('draws the example stack from a cluster card, and shows the blocked state live when a dependency stops', async () => {
    const page = await suite.page();
    const project = uniqueName('lab');
    const ids = runExampleStack(project);

    await page.goto(`${suite.running.baseUrl}/dashboard/docker?q=${project}`);
    await page.locator(`[data-stack-link="${project}"]`).click();
    await page.waitForURL(/\/dashboard\/stacks\?stack=/);
    const graph = page.locator(`[data-testid="stack-graph"][data-stack="${project}"]`);
    await graph.waitFor();
    await graph.locator('g[data-node]').nth(3).waitFor();
    await expect(graph.locator('g[data-node]').count()).resolves.toBe(4);
    await expect(
      graph.locator('path[data-edge]').evaluateAll((els) => els.map((e) => e.dataset['edge'])),
    ).resolves.toEqual(['agent>model', 'bot>agent', 'web>agent']);
    await expect(graph.locator('path.edge.kind-soft').getAttribute('data-edge')).resolves.toBe(
      'web>agent',
    );
    await screenshot(page, 'stacks');

    dockerCli(['stop', '-t', '0', ids.agent]);
    const stopped = Date.now();
    await graph.locator('g[data-node="bot"][data-impact="blocked"]').waitFor({ timeout: 2000 });
    process.stdout.write(`stacks page: bot blocked ${Date.now() - stopped} ms after docker stop\n`);
    await graph.locator('g[data-node="web"][data-impact="degraded"]').waitFor();
    await expect(graph.locator('path.edge.active').count()).resolves.toBe(2);
    await expect(
      page.locator('[data-testid="stack-services"] tr[data-service="bot"]').textContent(),
    ).resolves.toContain('waits for agent: stopped');
    await expect(
      page.locator('[data-testid="stack-services"] tr[data-service="web"]').textContent(),
    ).resolves.toContain('runs without agent: stopped');
    await expect(page.locator(`button[data-stack="${project}"]`).textContent()).resolves.toMatch(
      /1 blocked.*1 degraded/s,
    );
    await screenshot(page, 'stacks-blocked');

    dockerCli(['start', ids.agent]);
    await graph.locator('g[data-node="bot"][data-impact="ok"]').waitFor({ timeout: 5000 });
  }, 60_000);

  it('reports a cycle above the graph', async () => {
    const page = await suite.page();
    const project = uniqueName('loop');
    runCycleStack(project);
    await page.goto(`${suite.running.baseUrl}/dashboard/stacks?stack=${project}`);
    await page
      .locator('[data-testid="stack-cycle"]', { hasText: 'Dependency cycle: a → b → a' })
      .waitFor();
    await screenshot(page, 'stacks-cycle');
  });
});
