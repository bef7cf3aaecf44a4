import { consoleSuite } from '../support/console-suite.js';
import { chromiumMissing, screenshot } from '../support/browser.js';
import { dockerCli, runContainer, uniqueName } from '../support/factories.js';
import { describeWhen } from '../support/needs.js';

const describeBrowser = describeWhen(chromiumMissing(), 'The browser tests');
const TOKEN = 'e2e-actions-token-0123456789';

describeBrowser('the console with actions switched on', () => {
  const suite = consoleSuite({
    SIMSCOPE_RECONCILE_MS: '3600000',
    SIMSCOPE_ACTIONS: 'on',
    SIMSCOPE_API_TOKEN: TOKEN,
    // busybox sleep as PID 1 ignores SIGTERM: do not wait the default 10 s for it.
    SIMSCOPE_ACTIONS_STOP_TIMEOUT: '1',
  });

  it('restarts a simulation from its detail panel after asking, and the record says so', async () => {
    const name = uniqueName('sim-e2e-act');
    const id = runContainer({ name, labels: { 'simscope.experiment': 'e2e-actions' } });
    const startedAt = () => dockerCli(['inspect', '-f', '{{.State.StartedAt}}', id]);
    const before = startedAt();
    const page = await suite.page();
    await page.addInitScript((token) => localStorage.setItem('simscope.token', token), TOKEN);
    await page.goto(`${suite.running.baseUrl}/dashboard/docker?q=${name}&c=${id}`);

    const controls = page.locator('[data-testid="detail"] [data-testid="container-actions"]');
    await controls.locator('[data-action="restart"]').click();
    await controls.getByText(`Restart ${name}?`).waitFor();
    await screenshot(page, 'docker-detail-actions-confirm');
    await controls.getByRole('button', { name: 'Yes, restart' }).click();
    await controls.locator('[role="status"]', { hasText: /^Restart: done in / }).waitFor();
    expect(startedAt()).not.toBe(before);
    await screenshot(page, 'docker-detail-actions');

    const notes = await suite.running.client.notes({ category: 'action', target: id });
    expect(notes.items.map((n) => n.title)).toEqual([
      expect.stringMatching(new RegExp(`^restart ${name}: done in `)),
    ]);
  }, 30_000);
});
