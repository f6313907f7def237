import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputExistsError } from '../errors';

/**
 * Writes a dataset folder all-or-nothing: `fill` writes into a temporary sibling folder, which is
 * renamed to `outDir` only when it has finished. On any error the temporary folder is removed, so a
 * reader never sees a half-written dataset. `outDir` must not exist, or be an empty folder.
 */
export async function writeDatasetAtomically<T>(outDir: string, fill: (tempDir: string) => Promise<T> | T): Promise<T> {
  const target = path.resolve(outDir);
  if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0)) {
    throw new OutputExistsError(outDir);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.partial-`));
  try {
    const result = await fill(temp);
    if (fs.existsSync(target)) fs.rmdirSync(target); // empty, checked above
    fs.renameSync(temp, target);
    return result;
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}
