/**
 * `describe` when a suite has every tool it needs (`missing` is null); otherwise `describe.skip` with
 * a notice on stderr. Under CI nothing is skipped: a missing tool fails the run instead.
 */
export function describeWhen(missing: string | null, what: string): jest.Describe {
  if (!missing) {
    return describe;
  }
  if (process.env.CI === 'true') {
    throw new Error(`${what} need it under CI: ${missing}`);
  }
  process.stderr.write(`\n!!! SKIPPING ${what}: ${missing}\n\n`);
  return describe.skip;
}
