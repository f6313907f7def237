import * as tf from '@tensorflow/tfjs-core';
import { ParameterError } from './errors';
import type { Initializer } from './initializers';
import { assertParameterName, hasPrefix } from './names';
import { seededRandom, streamKey } from './seeded-random';

/** One parameter's values, as stored in checkpoints. */
export interface ParameterValues {
  shape: number[];
  values: Float32Array;
}

/** Every parameter of a model by name: what checkpoints store and `restore` expects back. */
export type ParameterSnapshot = Record<string, ParameterValues>;

export interface ParameterEntry {
  name: string;
  variable: tf.Variable;
  trainable: boolean;
}

export interface CreateOptions {
  /** The model's seed; the draw is keyed by (seed, name), so creation order does not matter. */
  seed: number;
  /** False for state such as batch-norm moving statistics (updated by the model, not by gradients). */
  trainable?: boolean;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * A model's variables by hierarchical name. The tf.Variables themselves are unnamed (tfjs names must
 * be unique per process, and several models — replicas, a teacher and a student — live in one), so
 * this map is the only place names live.
 */
export class ParameterSet {
  private readonly entriesByName = new Map<string, ParameterEntry>();

  /** Creates a float32 variable filled by `init` from the stream of (seed, name). */
  create(name: string, shape: readonly number[], init: Initializer, options: CreateOptions): tf.Variable {
    assertParameterName(name);
    if (this.entriesByName.has(name)) throw new ParameterError(`parameter '${name}' already exists`);
    if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ParameterError(`parameter '${name}': shape ${fmt(shape)} must have positive integer dimensions`);
    }
    const values = init.sample(shape, seededRandom(streamKey(options.seed, name)));
    const initial = tf.tensor(values, [...shape], 'float32');
    const trainable = options.trainable ?? true;
    const variable = tf.variable(initial, trainable);
    initial.dispose();
    this.entriesByName.set(name, { name, variable, trainable });
    return variable;
  }

  has(name: string): boolean {
    return this.entriesByName.has(name);
  }

  get(name: string): tf.Variable {
    const entry = this.entriesByName.get(name);
    if (!entry) {
      const parent = name.split('/').slice(0, -1).join('/');
      const siblings = this.names(parent).slice(0, 5);
      const hint = siblings.length ? `; under '${parent}' there are: ${siblings.join(', ')}` : '';
      throw new ParameterError(`no parameter named '${name}'${hint}`);
    }
    return entry.variable;
  }

  /** Entries in creation order, optionally only those under `prefix`. */
  entries(prefix?: string): ParameterEntry[] {
    return [...this.entriesByName.values()].filter((e) => hasPrefix(e.name, prefix));
  }

  names(prefix?: string): string[] {
    return this.entries(prefix).map((e) => e.name);
  }

  /** Variables an optimiser should update (pass as its var list to freeze everything else). */
  trainable(prefix?: string): tf.Variable[] {
    return this.entries(prefix).filter((e) => e.trainable).map((e) => e.variable);
  }

  /** Non-trainable state, e.g. batch-norm moving mean and variance. */
  state(prefix?: string): tf.Variable[] {
    return this.entries(prefix).filter((e) => !e.trainable).map((e) => e.variable);
  }

  all(prefix?: string): tf.Variable[] {
    return this.entries(prefix).map((e) => e.variable);
  }

  /** Name → variable for every parameter under `prefix` (a copy; the shape MethodModel.variables() returns). */
  variables(prefix?: string): Map<string, tf.Variable> {
    return new Map(this.entries(prefix).map((e) => [e.name, e.variable]));
  }

  /** The hierarchical name of a variable (e.g. to label gradients, which tfjs keys by its own names). */
  nameOf(variable: tf.Variable): string | undefined {
    for (const entry of this.entriesByName.values()) if (entry.variable === variable) return entry.name;
    return undefined;
  }

  /** Number of scalar values, optionally under `prefix`. */
  count(prefix?: string): number {
    return this.entries(prefix).reduce((total, e) => total + e.variable.size, 0);
  }

  /** Copies every value (trainable and state) out of the backend. */
  snapshot(): ParameterSnapshot {
    const out: ParameterSnapshot = {};
    for (const { name, variable } of this.entriesByName.values()) {
      out[name] = { shape: [...variable.shape], values: Float32Array.from(variable.dataSync()) };
    }
    return out;
  }

  /**
   * Overwrites every variable from a snapshot of the same model. Strict: a missing or extra name, or a
   * shape or length mismatch, is an error naming the first one, and nothing is assigned in that case.
   */
  restore(snapshot: Record<string, { shape: readonly number[]; values: ArrayLike<number> }>): void {
    for (const { name, variable } of this.entriesByName.values()) {
      const saved = snapshot[name];
      if (!saved) throw new ParameterError(`snapshot has no value for parameter '${name}'`);
      if (!sameShape(saved.shape, variable.shape)) {
        throw new ParameterError(`parameter '${name}': snapshot shape ${fmt(saved.shape)}, model shape ${fmt(variable.shape)}`);
      }
      if (saved.values.length !== variable.size) {
        throw new ParameterError(`parameter '${name}': snapshot holds ${saved.values.length} values, shape needs ${variable.size}`);
      }
    }
    const extra = Object.keys(snapshot).find((name) => !this.entriesByName.has(name));
    if (extra !== undefined) throw new ParameterError(`snapshot has parameter '${extra}', which this model does not have`);
    for (const { name, variable } of this.entriesByName.values()) {
      const saved = snapshot[name]!;
      tf.tidy(() => variable.assign(tf.tensor(Float32Array.from(saved.values), variable.shape, 'float32')));
    }
  }

  /** Frees every variable; the set is empty afterwards. */
  dispose(): void {
    for (const { variable } of this.entriesByName.values()) variable.dispose();
    this.entriesByName.clear();
  }
}
