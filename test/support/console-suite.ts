import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from './app.js';
import { launchBrowser, openPage } from './browser.js';
import { removeTestContainers } from './engine.js';
import { testEngineHost } from './factories.js';

/**
 * A real server on the test engine and a headless Chromium for one describe block: both started
 * before its tests and closed after them (with the engine's test containers), and every test failing
 * when a page it opened threw.
 */
export function consoleSuite(env: Record<string, string>): {
  readonly running: RunningApp;
  readonly errors: string[];
  /** A fresh page whose uncaught errors fail the test. */
  page(): Promise<Page>;
} {
  let running: RunningApp | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    running = await startApp({ DOCKER_HOST: testEngineHost(), ...env });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    removeTestContainers(testEngineHost());
  }, 60_000);
  afterEach(() => expect(errors).toEqual([]));
  return {
    get running(): RunningApp {
      if (!running) {
        throw new Error('the suite app is not running (beforeAll failed?)');
      }
      return running;
    },
    errors,
    page: () => {
      if (!browser) {
        throw new Error('no browser (beforeAll failed?)');
      }
      return openPage(browser, errors);
    },
  };
}
