/**
 * How many runs a slow property test makes: a modest default so the suite stays quick, more on
 * demand (`ZKINTEROP_PROPERTY_RUNS=200 npx vitest run …`) for a deeper search.
 */

/**
 * Number of fast-check runs for a property.
 * @param defaultRuns runs when `ZKINTEROP_PROPERTY_RUNS` is unset
 * @returns `ZKINTEROP_PROPERTY_RUNS` when it is a positive integer, else `defaultRuns`
 * @throws Error when the variable is set to anything but a positive integer (a typo must not
 *   silently fall back to the default)
 * @example fc.assert(property, { numRuns: propertyRuns(8) })
 */
export function propertyRuns(defaultRuns: number): number {
  const raw = process.env.ZKINTEROP_PROPERTY_RUNS;
  if (raw === undefined || raw === '') return defaultRuns;
  const runs = Number(raw);
  if (!Number.isSafeInteger(runs) || runs <= 0) throw new Error(`ZKINTEROP_PROPERTY_RUNS must be a positive integer, got ${JSON.stringify(raw)}`);
  return runs;
}
