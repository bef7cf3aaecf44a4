import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app.js';
import { chromiumMissing, launchBrowser, openPage, screenshot } from '../support/browser.js';
import { removeTestContainers } from '../support/engine.js';
import { runContainer, testEngineHost, uniqueName } from '../support/factories.js';
import { freePort } from '../support/net.js';
import { nginxMissing, renderConfig, startNginx, type RunningNginx } from '../support/nginx.js';
import { describeWhen } from '../support/needs.js';

const describeIt = describeWhen(
  chromiumMissing() ?? nginxMissing(),
  'The console-behind-nginx tests',
);

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** The server with the given environment, behind the repo's nginx site on a free loopback port. */
async function serverBehindNginx(
  env: Record<string, string>,
): Promise<{ running: RunningApp; nginx: RunningNginx; base: string }> {
  const running = await startApp({
    DOCKER_HOST: testEngineHost(),
    SIMSCOPE_TRUST_PROXY: 'loopback',
    ...env,
  });
  const port = await freePort();
  const nginx = await startNginx(
    renderConfig('default.conf', [
      ['server server:3000;', `server 127.0.0.1:${new URL(running.baseUrl).port};`],
      ['listen 8080;', `listen 127.0.0.1:${port};`],
      ['root /usr/share/nginx/html;', `root ${join(process.cwd(), 'apps/web/dist/browser')};`],
    ]),
    port,
  );
  return { running, nginx, base: `http://127.0.0.1:${port}` };
}

describeIt('the console through nginx, under its Content-Security-Policy', () => {
  let running: RunningApp;
  let nginx: RunningNginx;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ running, nginx, base } = await serverBehindNginx({ SIMSCOPE_RECONCILE_MS: '3600000' }));
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await nginx?.stop();
    await running?.close();
    removeTestContainers(testEngineHost());
  }, 60_000);

  it('goes live over a WebSocket through the proxy and breaks no CSP rule on any page', async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations?.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const name = uniqueName('sim-behind-nginx');
    runContainer({ name, labels: { 'simscope.experiment': 'behind-nginx' } });

    await page.goto(`${base}/dashboard/docker`);
    await page
      .locator('[data-testid="connection-mode"]', { hasText: /^live$/ })
      .waitFor({ timeout: 10_000 });
    await page.locator(`[role="row"][data-name="${name}"]`).waitFor();
    // The global stylesheet applies (no blocked inline loader): panels have their border radius.
    await expect(
      page
        .locator('[data-testid="summary"]')
        .evaluate((el) => getComputedStyle(el).borderTopLeftRadius),
    ).resolves.toBe('6px');
    await screenshot(page, 'docker-behind-nginx');

    for (const path of ['/dashboard/meta', '/dashboard/runtime']) {
      await page.goto(`${base}${path}`);
      await page.locator('h1').waitFor();
      await page.waitForTimeout(500);
    }

    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    // The live link upgraded to a WebSocket through nginx (101 Switching Protocols).
    expect(
      nginx.accessLog().some((l) => /\/socket\.io\/\?.*transport=websocket.* 101 /.test(l)),
    ).toBe(true);
  }, 60_000);
});

describeIt('nginx at the edge', () => {
  let running: RunningApp;
  let nginx: RunningNginx;
  let base: string;

  beforeAll(async () => {
    ({ running, nginx, base } = await serverBehindNginx({ SIMSCOPE_WRITE_RATE_LIMIT: '3' }));
  }, 60_000);

  afterAll(async () => {
    await nginx?.stop();
    await running?.close();
  }, 60_000);

  it('ignores the X-Forwarded-For a client sends itself: a new claimed address each time does not escape the write limit', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await fetch(`${base}/api/meta/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}` },
        body: JSON.stringify({ category: 'observation', title: `spoof ${i}` }),
      });
      await res.text();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('passes the Host with its port, so a same-origin browser handshake is let in and a foreign one refused', async () => {
    const handshake = (origin: string) =>
      fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers: { origin } }).then(
        async (r) => {
          await r.text();
          return r.status;
        },
      );
    await expect(handshake(base)).resolves.toBe(200);
    await expect(handshake('https://evil.example')).resolves.toBe(403);
  });
});
