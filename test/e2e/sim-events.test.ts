import { consoleSuite } from '../support/console-suite.js';
import { chromiumMissing, screenshot } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { runContainer, uniqueName } from '../support/factories.js';
import { describeWhen } from '../support/needs.js';

const describeBrowser = describeWhen(chromiumMissing(), 'The browser tests');

/** Ticks toward 400 every 200 ms, an error at tick 3, a metric on each line. */
const TICKER = [
  'sh',
  '-c',
  [
    'i=0',
    'while true; do i=$((i+1))',
    '  echo "{\\"event_type\\":\\"tick_completed\\",\\"tick\\":$i,\\"total_ticks\\":400,\\"agent_id\\":\\"a$((i % 3))\\",\\"metrics\\":{\\"reward\\":$i}}"',
    '  [ $i -eq 3 ] && echo \'{"event_type":"error","message":"agent a0 lost its connection"}\'',
    '  sleep 0.2',
    'done',
  ].join('\n'),
];

describeBrowser('simulation events in the console', () => {
  const suite = consoleSuite({ SIMSCOPE_RECONCILE_MS: '3600000' });

  it('shows progress on the row and the cluster card, and the events in the detail panel', async () => {
    const name = uniqueName('sim-e2e-ev');
    const experiment = uniqueName('e2e-events');
    const id = runContainer({
      name,
      labels: { 'simscope.experiment': experiment, 'simscope.events': 'stdout' },
      command: TICKER,
    });
    const page = await suite.page();
    await page.goto(`${suite.running.baseUrl}/dashboard/docker?q=${name}`);

    const row = page.locator(`[data-name="${name}"]`);
    await row.locator('[data-testid="sim-progress"]', { hasText: /tick \d+/ }).waitFor();
    const card = page.locator(`[data-cluster="${experiment}"]`);
    await card.locator('[data-testid="cluster-progress"]', { hasText: '1 reporting' }).waitFor();
    await screenshot(page, 'docker-events-rows');

    await row.click();
    const panel = page.locator('[data-testid="detail"]');
    const events = panel.locator('[data-testid="events"]');
    await events.getByText('agent a0 lost its connection').waitFor();
    // Live follow: the newest tick on top grows while the panel is open.
    const topTick = async () =>
      Number(await events.locator('tbody tr td.num').first().textContent());
    const first = await eventually(async () => (await topTick()) || undefined, 3000, 'a tick');
    await eventually(async () => ((await topTick()) > first ? true : undefined), 3000, 'new ticks');
    await screenshot(page, 'docker-detail-events');

    await panel.locator('[data-testid="events-type"]').selectOption('error');
    await eventually(
      async () => ((await events.locator('tbody tr').count()) === 1 ? true : undefined),
      3000,
      'only the error',
    );
    expect(await events.locator('tbody tr').first().textContent()).toContain('lost its connection');
    expect(id).toBeTruthy();
  }, 30_000);

  it('a stalled simulation reads stalled, and its failure note shows what it left behind', async () => {
    const name = uniqueName('sim-e2e-stall');
    runContainer({
      name,
      labels: {
        'simscope.experiment': 'e2e-stall',
        'simscope.events': 'stdout',
        'simscope.stall-after': '2s',
      },
      command: [
        'sh',
        '-c',
        'for i in 1 2 3; do echo "{\\"event_type\\":\\"tick_completed\\",\\"tick\\":$i}"; echo "plain line $i"; sleep 0.2; done; sleep 3600',
      ],
    });
    const page = await suite.page();
    await page.goto(`${suite.running.baseUrl}/dashboard/docker?q=${name}`);
    const row = page.locator(`[data-name="${name}"]`);
    await row.locator('.phase-stalled').waitFor({ timeout: 8000 });
    await screenshot(page, 'docker-stalled');

    await page.goto(`${suite.running.baseUrl}/dashboard/meta`);
    const note = page.locator('[data-testid="note-feed"] li', { hasText: `${name} stalled` });
    await note.waitFor({ timeout: 8000 });
    await note.locator('[data-testid="note-evidence"] summary').click();
    await note.locator('[data-testid="note-evidence"] pre', { hasText: 'plain line 3' }).waitFor();
    await screenshot(page, 'meta-failure-evidence');
  }, 30_000);

  it('a run page shows its bound container, status timeline, metrics and stamp', async () => {
    const run = await suite.running.client.createRun({
      type: 'evaluation',
      title: 'e2e bound run',
    } as never);
    const name = uniqueName('sim-e2e-run');
    runContainer({
      name,
      labels: { 'simscope.run': run.id, 'simscope.events': 'stdout' },
      command: [
        'sh',
        '-c',
        'for i in 1 2 3 4 5; do echo "{\\"event_type\\":\\"tick_completed\\",\\"tick\\":$i,\\"metrics\\":{\\"loss\\":0.$((9 - i))}}"; sleep 0.3; done; exit 0',
      ],
    });
    await eventually(
      async () => {
        const r = await suite.running.client.run(run.id);
        return r.status === 'completed' && r.metrics.loss ? r : undefined;
      },
      12_000,
      'the run completed with its metrics',
    );
    const page = await suite.page();
    await page.goto(`${suite.running.baseUrl}/dashboard/meta?run=${run.id}`);
    const detail = page.locator('[data-testid="run-detail"]');
    await detail.getByText(`${name} exited 0`).waitFor();
    await detail.locator('[data-testid="run-stamp"]', { hasText: name }).waitFor();
    await detail.getByText('at tick 5').waitFor();
    await screenshot(page, 'meta-run-detail');
  }, 30_000);
});
