import type { Config } from 'jest';
import presets from 'jest-preset-angular/presets';

const config: Config = {
  ...presets.createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'web',
  rootDir: '.',
  roots: ['<rootDir>/src'],
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  // @simscope/contracts is an ES module built to dist; let the preset transform it.
  transformIgnorePatterns: ['node_modules/(?!(@angular|@simscope|rxjs)/)', '\\.pnpm'],
};

export default config;
