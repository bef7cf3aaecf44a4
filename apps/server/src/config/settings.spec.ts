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

describe("toSettings: the guard, and the original runtime's setting names", () => {
  const runtime = (env: Record<string, string>) => toSettings(loadConfig(env)).runtime;

  it('defaults to the original design: host CPU 92 %, memory pressure 0.9, log errors 0.55', () => {
    expect(runtime({}).thresholds).toMatchObject({
      hostCpuCriticalPercent: 92,
      hostCpuDegradedPercent: 77.28,
      hostMemoryPressureCritical: 0.9,
      hostMemoryPressureDegraded: 0.765,
      logErrorRatioCritical: 0.55,
      logErrorRatioDegraded: 0.3575,
    });
    expect(runtime({})).toMatchObject({ skipExpensiveOnCritical: true, criticalStretch: 4 });
  });

  it.each<[string, Record<string, string>, Record<string, unknown>]>([
    [
      'CPU_UTILIZATION_CRITICAL (degraded follows it)',
      { RUNTIME_GUARD_CPU_UTILIZATION_CRITICAL: '60' },
      {
        thresholds: expect.objectContaining({
          hostCpuCriticalPercent: 60,
          hostCpuDegradedPercent: 50.4,
        }),
      },
    ],
    [
      'MEMORY_PRESSURE_CRITICAL',
      { RUNTIME_GUARD_MEMORY_PRESSURE_CRITICAL: '0.8' },
      {
        thresholds: expect.objectContaining({
          hostMemoryPressureCritical: 0.8,
          hostMemoryPressureDegraded: 0.68,
        }),
      },
    ],
    [
      'LOG_ERROR_RATIO_CRITICAL (the same name in both)',
      {
        RUNTIME_GUARD_LOG_ERROR_RATIO_CRITICAL: '0.4',
        RUNTIME_GUARD_LOG_ERROR_RATIO_DEGRADED: '0.1',
      },
      {
        thresholds: expect.objectContaining({
          logErrorRatioCritical: 0.4,
          logErrorRatioDegraded: 0.1,
        }),
      },
    ],
    [
      'SKIP_SIMULATION_ON_CRITICAL=0',
      { RUNTIME_GUARD_SKIP_SIMULATION_ON_CRITICAL: '0' },
      { skipExpensiveOnCritical: false },
    ],
    ['INTERVAL_SCALE', { RUNTIME_GUARD_INTERVAL_SCALE: '3.0' }, { criticalStretch: 3 }],
    [
      'both names, the same value',
      { RUNTIME_GUARD_INTERVAL_SCALE: '3', RUNTIME_GUARD_CRITICAL_STRETCH: '3' },
      { criticalStretch: 3 },
    ],
  ])('reads the original %s', (_, env, expected) => {
    expect(runtime(env)).toMatchObject(expected);
  });

  it('refuses both names with different values, naming both', () => {
    expect(() =>
      loadConfig({
        RUNTIME_GUARD_CPU_UTILIZATION_CRITICAL: '95',
        RUNTIME_GUARD_HOST_CPU_CRITICAL: '90',
      }),
    ).toThrow(
      'Invalid configuration: RUNTIME_GUARD_CPU_UTILIZATION_CRITICAL (the original runtime\'s name for RUNTIME_GUARD_HOST_CPU_CRITICAL) is "95" but RUNTIME_GUARD_HOST_CPU_CRITICAL is "90": set one',
    );
  });

  it('says which name a bad value was set as', () => {
    expect(() => loadConfig({ RUNTIME_GUARD_CPU_UTILIZATION_CRITICAL: '250' })).toThrow(
      'RUNTIME_GUARD_HOST_CPU_CRITICAL (set as RUNTIME_GUARD_CPU_UTILIZATION_CRITICAL) must be 0 (off) or a percentage up to 100 (got "250")',
    );
  });
});
