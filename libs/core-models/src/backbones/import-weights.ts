import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ParameterSet } from '../parameters/parameter-set';

/** A model file that cannot be read, or weights that do not fit the parameters they are mapped onto. */
export class WeightImportError extends Error {
  override name = 'WeightImportError';
}

const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Reads every weight of a tfjs model file (LayersModel or GraphModel `model.json` with its binary
 * shards) from disk, dequantising where the manifest says so. The caller owns (and disposes) the tensors.
 */
export async function readTfjsWeights(modelJsonPath: string): Promise<tf.NamedTensorMap> {
  let manifest: tf.io.WeightsManifestConfig;
  try {
    const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as { weightsManifest?: tf.io.WeightsManifestConfig };
    if (!Array.isArray(json.weightsManifest)) throw new Error('it has no weightsManifest array');
    manifest = json.weightsManifest;
  } catch (error) {
    throw new WeightImportError(`${modelJsonPath}: not a tfjs model.json (${error instanceof Error ? error.message : String(error)})`);
  }
  const directory = path.dirname(path.resolve(modelJsonPath));
  const weights: tf.NamedTensorMap = {};
  try {
    for (const [g, group] of manifest.entries()) {
      const shards: Buffer[] = [];
      for (const shard of group.paths) {
        const file = path.resolve(directory, shard);
        // Shards sit beside model.json; a path leaving that folder is a malformed (or hostile) manifest.
        if (path.relative(directory, file).startsWith('..')) throw new WeightImportError(`${modelJsonPath}: shard path '${shard}' leaves the model's folder`);
        const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
          throw new WeightImportError(`${modelJsonPath}: weight shard '${shard}' of group ${g} cannot be read (${error.code ?? error.message})`);
        });
        shards.push(bytes);
      }
      // One buffer per group: tfjs 4.22's decodeWeights reads zeros for a tensor that follows one split
      // across shards at an offset not divisible by 4.
      const joined = Buffer.concat(shards);
      const data = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
      Object.assign(weights, decodeGroup(modelJsonPath, g, data, group.weights));
    }
  } catch (error) {
    tf.dispose(weights);
    throw error;
  }
  return weights;
}

function decodeGroup(file: string, group: number, data: ArrayBuffer, specs: tf.io.WeightsManifestEntry[]): tf.NamedTensorMap {
  const needed = specs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1) * bytesPerValue(spec), 0);
  if (data.byteLength < needed) throw new WeightImportError(`${file}: weight group ${group} needs ${needed} bytes, its shards hold ${data.byteLength}`);
  return tf.io.decodeWeights(data, specs);
}

function bytesPerValue(spec: tf.io.WeightsManifestEntry): number {
  const quantized = spec.quantization?.dtype;
  if (quantized) return quantized === 'uint8' ? 1 : 2;
  if (spec.dtype === 'string') throw new WeightImportError(`weight '${spec.name}': string weights cannot be imported`);
  return spec.dtype === 'bool' ? 1 : 4;
}

export interface WeightImportReport {
  /** Parameter names that received a value. */
  assigned: string[];
  /** Weights in the file that the map did not mention. */
  unusedInFile: string[];
  /** Parameters the map did not cover (they keep their initial values). */
  notCovered: string[];
}

/**
 * Copies pretrained weights onto parameters by an explicit map, file weight name → parameter name
 * (e.g. `'conv1/kernel' → 'backbone/stem/conv/filter'`). Layouts must already agree (tfjs/Keras
 * layouts do: conv [kh, kw, in, out], dense [in, out]). Everything is checked before anything is
 * assigned: a missing weight or parameter, a parameter mapped twice or a shape mismatch is an error.
 */
export async function importWeights(params: ParameterSet, modelJsonPath: string, nameMap: Readonly<Record<string, string>>): Promise<WeightImportReport> {
  const weights = await readTfjsWeights(modelJsonPath);
  try {
    const seen = new Set<string>();
    for (const [source, target] of Object.entries(nameMap)) {
      const weight = weights[source];
      if (!weight) throw new WeightImportError(`${modelJsonPath} has no weight '${source}' (it has: ${Object.keys(weights).slice(0, 8).join(', ')}…)`);
      if (!params.has(target)) throw new WeightImportError(`weight '${source}' is mapped to '${target}', which is not a parameter of this model`);
      if (seen.has(target)) throw new WeightImportError(`parameter '${target}' is mapped from more than one weight`);
      seen.add(target);
      const variable = params.get(target);
      if (weight.shape.join() !== variable.shape.join()) {
        throw new WeightImportError(`weight '${source}' ${fmt(weight.shape)} does not fit parameter '${target}' ${fmt(variable.shape)}`);
      }
    }
    for (const [source, target] of Object.entries(nameMap)) {
      tf.tidy(() => params.get(target).assign(tf.cast(weights[source]!, 'float32')));
    }
    const mappedSources = new Set(Object.keys(nameMap));
    return {
      assigned: [...seen],
      unusedInFile: Object.keys(weights).filter((name) => !mappedSources.has(name)),
      notCovered: params.names().filter((name) => !seen.has(name)),
    };
  } finally {
    tf.dispose(weights);
  }
}
