import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserFacingError } from '../../user-facing-error';

/** Reads a search-space file: JSON, or YAML when it ends in `.yaml` / `.yml`. */
export function readSpaceFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserFacingError(`--space ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const yaml = /\.ya?ml$/i.test(path.extname(file));
  try {
    return yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new UserFacingError(`--space ${file}: not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
}
