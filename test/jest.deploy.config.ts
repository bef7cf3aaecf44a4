import type { Config } from 'jest';
import { esmPreset } from '../jest.esm-preset';

/** `npm run test:deploy`: the compose deployment, built and run on a private engine (not in `npm test`). */
const config: Config = {
  ...esmPreset('..'),
  displayName: 'deploy',
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/deploy/**/*.test.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
  forceExit: true,
};

export default config;
