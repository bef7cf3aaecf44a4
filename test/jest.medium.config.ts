import type { Config } from 'jest';
import { esmPreset } from '../jest.esm-preset';
import { planEngine } from './support/engine';

const plan = planEngine();
if (plan.kind === 'none') {
  if (process.env.CI === 'true') {
    throw new Error(`No Docker engine for the Docker-backed tests under CI: ${plan.why}`);
  }
  process.stderr.write(
    `\n!!! SKIPPING the Docker-backed tests (test/medium): no Docker engine: ${plan.why}\n\n`,
  );
}

const config: Config = {
  ...esmPreset('..'),
  displayName: 'medium',
  roots: ['<rootDir>/test'],
  testMatch: [
    '<rootDir>/test/medium/**/*.test.ts',
    '<rootDir>/test/proxy/**/*.test.ts',
    '<rootDir>/test/e2e/**/*.test.ts',
  ],
  testPathIgnorePatterns: plan.kind === 'none' ? ['.*'] : [],
  passWithNoTests: plan.kind === 'none',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  // The suites share one engine; running them one at a time keeps its load predictable on 2 cores.
  maxWorkers: 1,
  // A stray handle in a real server or engine client must never hang CI past its time budget.
  forceExit: true,
};

export default config;
