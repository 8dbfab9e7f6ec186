import { afterAll, describe, expect, it } from 'vitest';
import { postgresBackend } from '../support/stores.ts';
import { killNineScenario, ROUNDS } from '../support/kill9Scenario.ts';

const backend = await postgresBackend();
afterAll(async () => {
  if (!('skip' in backend)) await backend.cleanup();
});

describe.skipIf('skip' in backend)('kill -9 under load with a PostgreSQL store', () => {
  it(`loses no acknowledged message over ${ROUNDS} kills and restarts`, async () => {
    if ('skip' in backend) return;
    expect(await killNineScenario('postgres', backend, (url) => ['--db', url])).toBeGreaterThanOrEqual(1_000);
    // A hang guard only (ten process starts and ~1,200 messages on a slow CI machine), not a speed check.
  }, 900_000);
});
