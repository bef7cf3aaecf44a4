import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config.js';
import { toSettings } from './settings.js';

describe('toSettings: whether /sim/<name>/ routes can work', () => {
  const root = mkdtempSync(join(tmpdir(), 'simscope-settings-'));
  const built = join(root, 'built');
  const empty = join(root, 'empty');
  mkdirSync(built);
  mkdirSync(empty);
  writeFileSync(join(built, 'index.html'), '<!doctype html>');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['auto, this server serves a built console (npm start: no nginx)', 'auto', built, false],
    ['auto, no console here (the compose image: nginx serves it)', 'auto', empty, true],
    ['on, whatever is served here', 'on', built, true],
    ['off, even without a console', 'off', empty, false],
  ])('%s', (_, mode, webDist, expected) => {
    const sut = toSettings(loadConfig({ SIMSCOPE_SIM_ROUTES: mode, SIMSCOPE_WEB_DIST: webDist }))
      .discovery.simRoutes;

    expect(sut).toBe(expected);
  });

  it('refuses anything but auto, on or off', () => {
    expect(() => loadConfig({ SIMSCOPE_SIM_ROUTES: 'yes' })).toThrow(
      /SIMSCOPE_SIM_ROUTES must be auto, on or off/,
    );
  });
});
