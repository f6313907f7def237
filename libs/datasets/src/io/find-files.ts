import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file under `root` whose name matches, as paths relative to root (sorted, '/' separators). */
export function findFiles(root: string, matches: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relPath);
      else if (matches(entry.name)) found.push(relPath);
    }
  };
  walk(root, '');
  return found.sort();
}
