import { torchAddonBuilt } from '../native-addon';

/**
 * A describe block for suites that need the native addon. Where it was not built (no libtorch found
 * at install) the block holds one skipped test saying so, so the report shows why nothing ran.
 */
export function describeNative(title: string, body: () => void): void {
  if (torchAddonBuilt()) describe(title, body);
  else describe(title, () => it.skip('skipped: the libtorch addon is not built here (no libtorch found at install)', () => undefined));
}
