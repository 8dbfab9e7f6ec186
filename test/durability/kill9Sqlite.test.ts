import { afterAll, describe, expect, it } from 'vitest';
import { sqliteBackend } from '../support/stores.ts';
import { killNineScenario, ROUNDS } from '../support/kill9Scenario.ts';

const backend = sqliteBackend();
afterAll(() => backend.cleanup());

describe('kill -9 under load with a SQLite store', () => {
  it(`loses no acknowledged message over ${ROUNDS} kills and restarts`, async () => {
    expect(await killNineScenario('sqlite', backend, (dir) => ['--data-dir', dir])).toBeGreaterThanOrEqual(1_000);
    // A hang guard only (ten process starts and ~1,200 messages on a slow CI machine), not a speed check.
  }, 900_000);
});
