import type { Config } from 'jest';

/** Shared by the server's unit tests and the medium tier: ESM TypeScript through ts-jest. */
export const esmPreset = (rootDir: string): Config => ({
  rootDir,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
});
