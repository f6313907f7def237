import { DatasetOptionError } from '../errors';
import { cxrMultisourceGenerator } from './cxr-multisource';
import type { DatasetGenerator } from './dataset-generator';
import { fundusLesionsGenerator } from './fundus-lesions';
import { mammoTwoViewGenerator } from './mammo-two-view';
import { partsGenerator } from './parts';
import { createWebNoisyGenerator } from './web-noisy';

/** Every synthetic generator. A new one is one file in generators/ and one line here. */
export const DATASET_GENERATORS: readonly DatasetGenerator[] = [
  mammoTwoViewGenerator,
  cxrMultisourceGenerator,
  fundusLesionsGenerator,
  partsGenerator,
  createWebNoisyGenerator((name) => getGenerator(name)),
];

export function getGenerator(name: string): DatasetGenerator {
  const generator = DATASET_GENERATORS.find((g) => g.name === name);
  if (!generator) throw new DatasetOptionError(`unknown generator '${name}' (known: ${DATASET_GENERATORS.map((g) => g.name).join(', ')})`);
  return generator;
}

/**
 * Refuses options that belong to another generator (`--noise` on `parts`): they would be silently
 * ignored. A generator with a `base` option (web-noisy) also takes its base generator's options.
 */
export function checkGeneratorOptions(name: string, options: Readonly<Record<string, unknown>>): void {
  const generator = getGenerator(name);
  const allowed = new Set(generator.options.map((o) => o.name));
  const baseSpec = generator.options.find((o) => o.name === 'base');
  if (baseSpec) for (const o of getGenerator(String(options['base'] ?? baseSpec.default)).options) allowed.add(o.name);
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || allowed.has(key)) continue;
    const owners = DATASET_GENERATORS.filter((g) => g.options.some((o) => o.name === key)).map((g) => g.name);
    const known = [...allowed].map((o) => `--${o}`).join(', ') || 'none';
    throw new DatasetOptionError(`--${key} is not an option of generator '${name}'${owners.length ? ` (it belongs to ${owners.join(', ')})` : ''}; its options: ${known}`);
  }
}
