import type { Page } from 'playwright-core';
import { SimscopeClient, type CreatedApiKey } from '@simscope/contracts';
import type { RunningApp } from '../support/app.js';
import { chromiumMissing, screenshot } from '../support/browser.js';
import { consoleSuite } from '../support/console-suite.js';
import { runContainer, uniqueName } from '../support/factories.js';
import { describeWhen } from '../support/needs.js';

const describeBrowser = describeWhen(chromiumMissing(), 'The browser tests');

const ADMIN = 'bootstrap-admin-key-for-the-console';

describeBrowser('the console with SIMSCOPE_AUTH=token', () => {
  const suite = consoleSuite({
    SIMSCOPE_RECONCILE_MS: '3600000',
    SIMSCOPE_AUTH: 'token',
    SIMSCOPE_API_TOKEN: ADMIN,
  });
  let running: RunningApp;
  let page: Page;
  let viewer: CreatedApiKey;
  let operator: CreatedApiKey;
  const name = uniqueName('sim-e2e-auth');

  const who = () => page.locator('[data-testid="who"]');
  /** Waits until the top bar says who this is (the console asks the server after loading). */
  const whoSays = (text: string) => who().filter({ hasText: text }).waitFor();
  /** Signs in on the sign-in card (the page reloads with the key kept in the browser). */
  async function signIn(key: string): Promise<void> {
    const card = page.locator('[data-testid="sign-in"]');
    await card.locator('input[name="key"]').fill(key);
    await Promise.all([page.waitForEvent('load'), card.locator('button[type="submit"]').click()]);
  }
  async function signOut(): Promise<void> {
    await who().click();
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('.token-form').getByRole('button', { name: 'Sign out' }).click(),
    ]);
  }

  beforeAll(async () => {
    running = suite.running;
    const admin = new SimscopeClient({ baseUrl: running.baseUrl, token: ADMIN });
    viewer = await admin.createApiKey({ name: 'wall-screen', role: 'viewer' });
    operator = await admin.createApiKey({ name: 'alice', role: 'operator' });
    runContainer({ name, labels: { 'simscope.experiment': 'e2e-auth' } });
    page = await suite.page();
  }, 60_000);

  it('asks for a key before showing anything, and says when the kept key is refused', async () => {
    await page.goto(`${running.baseUrl}/dashboard/docker`);
    const card = page.locator('[data-testid="sign-in"]');
    await card.getByText('Sign in to simscope').waitFor();
    await expect(page.locator('[role="row"]').count()).resolves.toBe(0);
    await whoSays('sign in');
    await screenshot(page, 'sign-in');

    await signIn(`${viewer.key.slice(0, -1)}${viewer.key.endsWith('x') ? 'y' : 'x'}`);
    await card.getByText('The key kept in this browser was not accepted.').waitFor();
  });

  it('shows a viewer who they are, and no controls a viewer cannot use', async () => {
    await signIn(viewer.key);
    await whoSays('wall-screen · viewer');

    await page.goto(`${running.baseUrl}/dashboard/docker?q=${name}`);
    const row = page.locator(`[role="row"][data-name="${name}"]`);
    await row.click();
    await page.locator('[data-testid="logs-need-role"]').waitFor();
    await expect(page.locator('[data-testid="log-follow"]').count()).resolves.toBe(0);
    await screenshot(page, 'docker-detail-viewer');

    await page.goto(`${running.baseUrl}/dashboard/meta`);
    await page.locator('[data-testid="read-only"]').waitFor();
    for (const form of ['note-form', 'objective-form', 'run-form']) {
      await expect(page.locator(`[data-testid="${form}"]`).count()).resolves.toBe(0);
    }
    await screenshot(page, 'meta-viewer');
  });

  it('lets an operator write, and shows who wrote what', async () => {
    await signOut();
    await page.locator('[data-testid="sign-in"]').waitFor();
    await signIn(operator.key);
    await whoSays('alice · operator');

    await page.goto(`${running.baseUrl}/dashboard/meta`);
    const title = `signed note ${uniqueName('n')}`;
    const form = page.locator('[data-testid="note-form"]');
    await form.locator('[name="title"]').fill(title);
    await form.locator('[name="owner"]').fill('ops rota');
    await form.locator('button[type="submit"]').click();
    const item = page.locator('[data-testid="note-feed"] li', { hasText: title });
    await item.getByText('ops rota (by alice)').waitFor();

    const runs = page.locator('[data-testid="run-form"]');
    await runs.locator('[name="title"]').fill('signed run');
    await runs.locator('button[type="submit"]').click();
    await page.locator('[data-testid="run-by"]', { hasText: 'alice' }).first().waitFor();
    await screenshot(page, 'meta-operator');
  });
});
