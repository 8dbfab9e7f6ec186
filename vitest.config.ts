import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest leaves a core free by default, which on a 2-core CI machine means one worker; the long
    // files mostly wait on child processes and in-process networks, so two workers nearly halve the run.
    maxWorkers: 2,
  },
});
