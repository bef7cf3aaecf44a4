import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app.js';
import { consoleSuite } from '../support/console-suite.js';
import { chromiumMissing, launchBrowser, openPage, screenshot } from '../support/browser.js';
import { stoppableEngine, type StoppableEngine } from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import {
  createContainers,
  removeContainer,
  runContainer,
  uniqueName,
} from '../support/factories.js';
import { freePort } from '../support/net.js';
import { describeWhen } from '../support/needs.js';

const describeBrowser = describeWhen(chromiumMissing(), 'The browser tests');

/** Column headers whose text does not fit their column (shown with an ellipsis). */
const truncatedHeaders = (page: Page) =>
  page
    .locator('[role="columnheader"]')
    .evaluateAll((els) =>
      els
        .filter((el) => el.getClientRects().length > 0 && el.scrollWidth > el.clientWidth)
        .map((el) => el.textContent?.trim()),
    );

const modeIs = (page: Page, mode: string) =>
  page.locator('[data-testid="connection-mode"]', { hasText: new RegExp(`^${mode}$`) }).waitFor();

describeBrowser('the console, live against the engine', () => {
  const suite = consoleSuite({ SIMSCOPE_RECONCILE_MS: '3600000' });
  let running: RunningApp;
  let page: Page;

  beforeAll(async () => {
    running = suite.running;
    page = await suite.page();
  });

  it('shows a started labelled container within 2 s, and drops it when it is removed', async () => {
    const name = uniqueName('sim-e2e');
    await page.goto(`${running.baseUrl}/dashboard/docker?q=${name}`);
    await modeIs(page, 'live');

    const id = runContainer({
      name,
      labels: { 'simscope.experiment': 'e2e-live', 'simscope.role': 'probe' },
    });
    const started = Date.now();
    await page.locator(`[role="row"][data-name="${name}"]`).waitFor({ timeout: 2000 });
    const appearedMs = Date.now() - started;
    process.stdout.write(`console: container row appeared ${appearedMs} ms after docker run\n`);

    const row = page.locator(`[role="row"][data-name="${name}"]`);
    await expect(row.textContent()).resolves.toContain('running');
    await expect(row.textContent()).resolves.toContain('e2e-live');
    await screenshot(page, 'docker-one-container');

    removeContainer(id);
    await row.waitFor({ state: 'detached', timeout: 5000 });
  });

  it('opens a container’s details from the keyboard, with the filter kept in the URL', async () => {
    const name = uniqueName('sim-e2e-detail');
    runContainer({
      name,
      // A web port: with no nginx in front of this server (it serves the console itself, as under
      // npm start) there is no route, so no "open" link, and the panel says why.
      labels: { 'simscope.experiment': 'e2e-detail', 'simscope.port': '8080' },
      flags: ['--memory', '64m', '--restart', 'on-failure:3'],
    });
    await page.goto(`${running.baseUrl}/dashboard/docker?q=${name}`);
    const row = page.locator(`[role="row"][data-name="${name}"]`);
    await row.focus();
    await page.keyboard.press('Enter');

    const detail = page.locator('[data-testid="detail"]');
    await detail.getByText('64 MiB', { exact: true }).waitFor();
    await expect(detail.textContent()).resolves.toContain('on-failure (max 3)');
    await detail.getByText("reached through simscope's nginx (the compose deployment)").waitFor();
    await expect(row.getByText('open ↗').count()).resolves.toBe(0);
    await expect(detail.locator('[data-testid="route-link"]').count()).resolves.toBe(0);
    // Actions are off on this server: no start/stop/restart controls.
    await expect(detail.locator('[data-testid="container-actions"]').count()).resolves.toBe(0);
    expect(page.url()).toContain(`q=${name}`);
    expect(page.url()).toMatch(/[?&]c=[0-9a-f]{64}/);
    await screenshot(page, 'docker-detail');
    // At 1,280 px with the detail panel open, every column header still reads in full.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(truncatedHeaders(page)).resolves.toEqual([]);
    await screenshot(page, 'docker-detail-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('shows a container’s output, following new lines, and its live resource samples', async () => {
    const name = uniqueName('sim-e2e-talk');
    const id = runContainer({
      name,
      labels: { 'simscope.enable': 'true' },
      flags: ['--memory', '32m'],
      command: [
        'sh',
        '-c',
        'i=0; while :; do i=$((i+1)); echo "tick $i"; echo "warn $i" >&2; sleep 0.3; done',
      ],
    });
    await eventually(
      async () => (await running.client.simulations({ q: name })).containers.length === 1,
      10_000,
      'listed',
    );
    await page.goto(`${running.baseUrl}/dashboard/docker?q=${name}&c=${id}`);
    const log = page.locator('[data-testid="log-lines"]');
    await log.getByText('tick 1', { exact: true }).waitFor();
    // Following: lines printed after the panel opened arrive without a reload.
    const seen = async () =>
      Number(/tick (\d+)\s*$/.exec((await log.textContent()) ?? '')?.[1] ?? 0);
    const first = await seen();
    await eventually(async () => (await seen()) >= first + 5, 10_000, 'followed lines');
    await expect(log.locator('.err').first().textContent()).resolves.toMatch(/^warn \d+/);
    // Live stats while the panel is open: meters against the 32 MiB limit.
    await page.locator('[data-testid="detail"] sim-usage-meters').getByText('MEM').waitFor();
    await screenshot(page, 'docker-detail-logs');
  });

  it('lists 1,000 containers, renders only what is on screen, and scrolls to the last', async () => {
    const experiment = uniqueName('e2e-bulk');
    await createContainers(1000, (i) => `${experiment}-${String(i).padStart(4, '0')}`, {
      'simscope.enable': 'true',
      'simscope.experiment': experiment,
    });
    await eventually(
      async () => (await running.client.simulations({ experiment })).counts.total === 1000,
      30_000,
      '1,000 containers discovered',
    );

    const t0 = Date.now();
    await page.goto(`${running.baseUrl}/dashboard/docker?cluster=${experiment}`);
    await page.locator('[role="row"][data-id]').first().waitFor();
    const firstRenderMs = Date.now() - t0;
    process.stdout.write(
      `console: 1,000 rows — first rows rendered ${firstRenderMs} ms after navigation\n`,
    );
    await expect(page.locator('[aria-live="polite"].shown').textContent()).resolves.toContain(
      '1000 of',
    );
    await screenshot(page, 'docker-1000');
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(truncatedHeaders(page)).resolves.toEqual([]);
    await screenshot(page, 'docker-1000-1280');
    await page.setViewportSize({ width: 1440, height: 900 });

    const rendered = await page.locator('[role="row"][data-id]').count();
    expect(rendered).toBeLessThan(100);
    await page
      .locator('[data-testid="rows"]')
      .evaluate((el: { scrollTop: number; scrollHeight: number }) => {
        el.scrollTop = el.scrollHeight;
      });
    await page.locator(`[role="row"][data-name="${experiment}-0999"]`).waitFor();
  }, 90_000);

  it('records a note submitted on /dashboard/meta in the feed', async () => {
    await page.goto(`${running.baseUrl}/dashboard/meta`);
    const title = `e2e note ${uniqueName('n')}`;
    const form = page.locator('[data-testid="note-form"]');
    await form.locator('[name="title"]').fill(title);
    await form.locator('[name="text"]').fill('written by the browser test');
    await form.locator('button[type="submit"]').click();

    await page.locator('[data-testid="note-feed"]').getByText(title).waitFor();
    const notes = await running.client.notes({ limit: 5 });
    expect(notes.items.map((n) => n.title)).toContain(title);
    await screenshot(page, 'meta');
  });

  it('shows field errors from the shared DTO before anything is sent', async () => {
    await page.goto(`${running.baseUrl}/dashboard/meta`);
    const form = page.locator('[data-testid="note-form"]');
    await form.locator('[name="title"]').fill('x'.repeat(161));
    await page.locator('#note-title-err').getByText('shorter than or equal to 160').waitFor();
    await expect(form.locator('button[type="submit"]').isDisabled()).resolves.toBe(true);
  });

  it('shows runtime health and the guard mode', async () => {
    await page.goto(`${running.baseUrl}/dashboard/runtime`);
    await page.locator('[data-testid="guard-mode"]').waitFor();
    // Run alone (-t), this test may open the page before the server's first look at Docker.
    await page.locator('[data-testid="docker-source"]', { hasText: /^live$/ }).waitFor();
    await screenshot(page, 'runtime');
  });
});

describeBrowser('the runtime page while the host is busy', () => {
  // A host CPU threshold of 1 %: the machine running this test and a browser is always above it.
  const suite = consoleSuite({
    RUNTIME_HEALTH_SAMPLE_MS: '200',
    RUNTIME_GUARD_HOST_CPU_CRITICAL: '1',
    RUNTIME_GUARD_ENTER_AFTER: '1',
  });

  it('says in the banner why simscope is backing off, and shows the host thresholds', async () => {
    const page = await suite.page();
    await page.goto(`${suite.running.baseUrl}/dashboard/runtime`);
    const banner = page.locator('[data-testid="backing-off"]');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(
      /host CPU at \d+ % ≥ 1 % — simscope is backing off: background work runs 4× less often/,
    );
    await expect(page.locator('[data-testid="guard-mode"]').textContent()).resolves.toMatch(
      /Guard mode: critical/,
    );
    await expect(page.locator('[data-testid="host-thresholds"]').textContent()).resolves.toMatch(
      /CPU degraded at 1 %, critical at 1 %; memory pressure off \(0\); log errors off \(0\)/,
    );
    await screenshot(page, 'runtime-backing-off');
  });
});

describeBrowser('the console with the websocket cap at 0', () => {
  const suite = consoleSuite({ SIMSCOPE_RECONCILE_MS: '3600000', RUNTIME_WS_MAX_CLIENTS: '0' });

  it('says polling and still shows a new container within the polling interval', async () => {
    const page = await suite.page();
    const name = uniqueName('sim-e2e-poll');
    await page.goto(`${suite.running.baseUrl}/dashboard/docker?q=${name}`);
    await modeIs(page, 'polling');
    await expect(
      page.locator('[data-testid="connection"]').getAttribute('title'),
    ).resolves.toContain('refused a live connection');

    runContainer({ name, labels: { 'simscope.experiment': 'e2e-poll' } });
    // One 5 s polling interval, plus the request itself.
    await page.locator(`[role="row"][data-name="${name}"]`).waitFor({ timeout: 7000 });
    await screenshot(page, 'docker-polling');
    expect(suite.errors).toEqual([]);
  }, 30_000);
});

describeBrowser('the console when the engine stops', () => {
  // An engine of this test's own, so stopping it disturbs no other test.
  let engine: StoppableEngine;
  let running: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    engine = await stoppableEngine('e2e', await freePort());
    running = await startApp({ DOCKER_HOST: engine.tcpHost, SIMSCOPE_RECONCILE_MS: '3600000' });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await engine?.dispose();
  }, 90_000);

  it('shows the stale banner with the diagnosis and keeps the last known containers', async () => {
    const name = uniqueName('sim-e2e-stale');
    runContainer({ host: engine.plan.host, name });
    const page = await openPage(browser, []);
    await page.goto(`${running.baseUrl}/dashboard/docker`);
    await page.locator(`[role="row"][data-name="${name}"]`).waitFor();
    expect(await page.locator('[data-testid="source-banner"]').count()).toBe(0);

    await engine.stop();

    const banner = page.locator('[data-testid="source-banner"]');
    await banner.waitFor({ timeout: 15_000 });
    await expect(banner.textContent()).resolves.toContain('showing the last known state');
    await expect(page.locator('[data-testid="diagnosis-code"]').textContent()).resolves.toBe(
      'daemon-unreachable',
    );
    await expect(page.locator('[data-testid="remediation"]').textContent()).resolves.toMatch(/\w/);
    await page.locator(`[role="row"][data-name="${name}"]`).waitFor();
    // The header's link to simscope is live, but it says simscope cannot see Docker.
    await expect(page.locator('[data-testid="docker-state"]').textContent()).resolves.toBe(
      'Docker unreachable · last known state',
    );
    await screenshot(page, 'docker-stale');
  }, 60_000);
});
