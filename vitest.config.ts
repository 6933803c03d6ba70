import path from 'node:path';
import { defineConfig } from 'vitest/config';

const resolve = { alias: { '@': path.resolve(import.meta.dirname) } };

export default defineConfig({
  resolve,
  test: {
    // Once for the whole run (not per project): the shared test cluster.
    globalSetup: ['tests/support/global-setup.ts'],
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['lib/**/*.test.ts', 'server/**/*.test.ts', 'components/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'tests/faults/**'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The fault suite: PostgreSQL clusters, app instances and nginx of its
        // own. It runs after everything else and one file at a time (it stops
        // databases, kills processes and measures deadlines); every test and
        // hook is bounded, and the whole suite takes about three minutes.
        resolve,
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          pool: 'forks',
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
