import type { Browser, Page } from 'playwright-core';
import { startBuiltServer, type BuiltServer } from '../support/built-server.js';
import { chromiumMissing, launchBrowser, openPage, screenshot } from '../support/browser.js';
import { testEngineHost } from '../support/factories.js';
import { connect, firstSnapshot, type TypedSocket } from '../support/live.js';
import { freePort } from '../support/net.js';
import { OIDC_CLIENT, startOidcProvider, type TestOidcProvider } from '../support/oidc.js';
import { describeWhen } from '../support/needs.js';

const describeBrowser = describeWhen(chromiumMissing(), 'The browser tests');

const SESSION_SECRET = 'a-session-secret-for-the-oidc-browser-test';

describeBrowser('the console with SIMSCOPE_AUTH=oidc, signing in at a real OpenID provider', () => {
  let provider: TestOidcProvider;
  /** The server people use, and one whose sessions last five seconds. */
  let server: BuiltServer;
  let brief: BuiltServer;
  let browser: Browser;
  const sockets: TypedSocket[] = [];
  const errors: string[] = [];

  const oidcEnv = (publicUrl: string, ttlMs = 43_200_000) => ({
    DOCKER_HOST: testEngineHost(),
    SIMSCOPE_RECONCILE_MS: '3600000',
    SIMSCOPE_AUTH: 'oidc',
    SIMSCOPE_OIDC_ISSUER: provider.issuer,
    SIMSCOPE_OIDC_CLIENT_ID: OIDC_CLIENT.id,
    SIMSCOPE_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    SIMSCOPE_OIDC_SCOPES: 'openid profile email groups',
    SIMSCOPE_PUBLIC_URL: publicUrl,
    SIMSCOPE_SESSION_SECRET: SESSION_SECRET,
    SIMSCOPE_SESSION_TTL_MS: String(ttlMs),
    SIMSCOPE_ROLE_GROUPS: 'admin:ops-admins,operator:sim-team',
  });

  /** A fresh browser session (no cookies); the provider's certificate comes from the test's CA. */
  const freshPage = () => openPage(browser, errors, { ignoreHTTPSErrors: true });

  /** From the console's sign-in card, through the provider's login and consent pages, and back. */
  async function signIn(page: Page, base: string, login: string, path = '/dashboard/meta') {
    await page.goto(`${base}${path}`);
    await page.locator('[data-testid="sign-in-link"]').click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    // Consent, the first time this person uses the client.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}${path}`);
  }

  const sessionCookie = async (page: Page) =>
    (await page.context().cookies()).find((c) => c.name === 'simscope_session');
  const meWith = (base: string, cookie: string | undefined) =>
    fetch(`${base}/api/auth/me`, { headers: cookie ? { cookie } : {} });
  const whoSays = (page: Page, text: string) =>
    page.locator('[data-testid="who"]').filter({ hasText: text }).waitFor();

  beforeAll(async () => {
    const [port, briefPort] = [await freePort(), await freePort()];
    const urls = [port, briefPort].map((p) => `http://127.0.0.1:${p}`);
    provider = await startOidcProvider(urls.map((u) => `${u}/auth/callback`));
    const env = { NODE_EXTRA_CA_CERTS: provider.caFile };
    server = await startBuiltServer(oidcEnv(urls[0]), { env, port });
    brief = await startBuiltServer(oidcEnv(urls[1], 5000), { env, port: briefPort });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await server?.close();
    await brief?.close();
    await provider?.close();
  }, 60_000);

  afterEach(() => expect(errors).toEqual([]));

  it('signs alice in through the provider and lands on the page she asked for, as admin, live', async () => {
    const page = await freshPage();
    await page.goto(`${server.baseUrl}/dashboard/meta`);
    await page.locator('[data-testid="sign-in-link"]').waitFor();
    await screenshot(page, 'oidc-sign-in');

    await signIn(page, server.baseUrl, 'alice');
    await whoSays(page, 'alice · admin');
    // The live link is opened with the session cookie alone.
    await page
      .locator('[data-testid="connection-mode"]', { hasText: /^live$/ })
      .waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="note-form"]').waitFor();
    await screenshot(page, 'oidc-signed-in');

    const cookie = await sessionCookie(page);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
  });

  it('gives bob the operator role of his group, over REST and on the socket', async () => {
    const page = await freshPage();
    await signIn(page, server.baseUrl, 'bob');
    await whoSays(page, 'bob · operator');

    const cookie = await sessionCookie(page);
    const header = `${cookie?.name}=${cookie?.value}`;
    expect(await (await meWith(server.baseUrl, header)).json()).toEqual({
      user: { id: 'bob', name: 'bob' },
      role: 'operator',
      via: 'oidc',
    });
    const withSession = connect(server.baseUrl, { headers: { cookie: header } });
    sockets.push(withSession);
    await firstSnapshot(withSession);
    const without = connect(server.baseUrl);
    sockets.push(without);
    await expect(firstSnapshot(without)).rejects.toThrow('unauthorized');
  });

  it('ends the session on sign-out: the console asks again and the old cookie is refused', async () => {
    const page = await freshPage();
    await signIn(page, server.baseUrl, 'alice');
    await whoSays(page, 'alice · admin');
    const cookie = await sessionCookie(page);
    const header = `${cookie?.name}=${cookie?.value}`;

    await page.locator('[data-testid="who"]').click();
    await page.locator('[data-testid="account-menu"]').getByText('Sign out').click();
    await page.locator('[data-testid="sign-in-link"]').waitFor();
    expect((await meWith(server.baseUrl, header)).status).toBe(401);
  });

  it('refuses an expired session', async () => {
    const page = await freshPage();
    await signIn(page, brief.baseUrl, 'bob', '/dashboard/runtime');
    const cookie = await sessionCookie(page);
    const header = `${cookie?.name}=${cookie?.value}`;
    const signedInAt = Date.now();
    expect((await meWith(brief.baseUrl, header)).status).toBe(200);

    await new Promise((r) => setTimeout(r, Math.max(0, signedInAt + 5500 - Date.now())));
    expect((await meWith(brief.baseUrl, header)).status).toBe(401);
    await page.reload();
    await page.locator('[data-testid="sign-in-link"]').waitFor();
  });
});
