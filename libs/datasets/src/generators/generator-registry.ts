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
