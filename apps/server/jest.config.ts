import type { Config } from 'jest';
import { esmPreset } from '../../jest.esm-preset';

const config: Config = {
  ...esmPreset('../..'),
  displayName: 'unit',
  roots: ['<rootDir>/apps/server/src', '<rootDir>/libs/contracts/src'],
  testMatch: ['**/*.spec.ts'],
};

export default config;
