/**
 * The folders a job queued through the graph may read datasets from. A path given in a mutation
 * (`importDataset(source)`, `requestEvaluation(data)`) must resolve — symbolic links followed — to
 * one of these folders or below, so a caller cannot make a worker read `/etc` or someone's home.
 * Configured with `--data-root` or PROTOSCOPE_DATA_ROOTS (path-list separated); default the
 * Protoscope home folder (PROTOSCOPE_HOME, ./.protoscope), where generated datasets go, and the
 * store's data root (where registered dataset locations point, which a worker reads anyway).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { protoscopeHome } from '@protoscope/tracking';
import { badInput } from '../graphql/errors';

export const DATA_ROOTS_VARIABLE = 'PROTOSCOPE_DATA_ROOTS';

export function defaultDataRoots(env: NodeJS.ProcessEnv = process.env, storeDataRoot?: string): string[] {
  const listed = env[DATA_ROOTS_VARIABLE]?.split(path.delimiter).filter((p) => p.trim() !== '');
  if (listed && listed.length > 0) return listed;
  const home = path.resolve(protoscopeHome(env));
  return storeDataRoot === undefined || path.resolve(storeDataRoot) === home ? [home] : [home, path.resolve(storeDataRoot)];
}

export class DataRoots {
  readonly roots: readonly string[];

  constructor(roots: readonly string[]) {
    this.roots = roots.map((root) => realOrResolved(path.resolve(root)));
  }

  /**
   * The absolute, link-free form of `given` when it lies under a data root; a BAD_USER_INPUT
   * naming the argument otherwise. Relative paths are taken against the first root.
   */
  check(given: string, argument: string): string {
    const absolute = realOrResolved(path.resolve(this.roots[0] ?? '/', given));
    if (this.roots.some((root) => isInside(root, absolute))) return absolute;
    throw badInput(`${argument}: "${given}" is outside the data folders this server may read; put the data under a data root (--data-root, ${DATA_ROOTS_VARIABLE})`);
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The real path (symbolic links resolved) of the longest existing prefix, with the rest appended. */
function realOrResolved(absolute: string): string {
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}
