/**
 * A sweep's search space: `{ param: spec }`, where a param is a dotted key into the method's config
 * (`learningRate`, `backbone.options.widths`) and a spec is one of
 *   `{ "values": [a, b, …] }`                      a list of choices (any JSON values),
 *   `{ "min": a, "max": b, "log"?: true, "steps"?: n }`  a real interval (log-uniform with `log`;
 *                                                  `steps` points for a grid),
 *   `{ "min": a, "max": b, "int": true, "step"?: k, "log"?: true }`  integers a, a+k, … ≤ b.
 * Checked here so the command line and the graph refuse the same spaces with the same words.
 */
import { InvalidInputError } from './errors';
import type { JsonValue } from './json';

export type SweepParam =
  | { kind: 'values'; values: JsonValue[] }
  | { kind: 'real'; min: number; max: number; log: boolean; steps?: number }
  | { kind: 'int'; min: number; max: number; log: boolean; step: number };

/** Params in the order the space names them. */
export type SweepSpace = ReadonlyArray<{ key: string; param: SweepParam }>;

const KEY = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const SPEC_KEYS = new Set(['values', 'min', 'max', 'log', 'steps', 'int', 'step']);

function fail(key: string, problem: string): never {
  throw new InvalidInputError(`sweep space: "${key}": ${problem}`);
}

function finite(key: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(key, `"${field}" must be a finite number, got ${JSON.stringify(value)}`);
  return value;
}

function parseParam(key: string, spec: unknown): SweepParam {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    fail(key, 'must be an object: {"values": […]}, {"min", "max", "log"?} or {"min", "max", "int": true}');
  }
  const s = spec as Record<string, unknown>;
  const unknown = Object.keys(s).filter((k) => !SPEC_KEYS.has(k));
  if (unknown.length > 0) fail(key, `unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (allowed: ${[...SPEC_KEYS].join(', ')})`);
  if ('values' in s) {
    if (Object.keys(s).length > 1) fail(key, '"values" cannot be combined with a range');
    if (!Array.isArray(s.values) || s.values.length === 0) fail(key, '"values" must be a non-empty list');
    return { kind: 'values', values: s.values as JsonValue[] };
  }
  if (!('min' in s) || !('max' in s)) fail(key, 'needs "values", or "min" and "max"');
  const min = finite(key, 'min', s.min);
  const max = finite(key, 'max', s.max);
  if (min > max) fail(key, `"min" (${min}) is above "max" (${max})`);
  if (s.log !== undefined && typeof s.log !== 'boolean') fail(key, '"log" must be true or false');
  const log = s.log === true;
  if (log && min <= 0) fail(key, `a log range needs "min" > 0, got ${min}`);
  if (s.int !== undefined && typeof s.int !== 'boolean') fail(key, '"int" must be true or false');
  if (s.int === true) {
    if (!Number.isInteger(min) || !Number.isInteger(max)) fail(key, 'an int range needs integer "min" and "max"');
    if (s.steps !== undefined) fail(key, '"steps" is for real ranges; an int range takes "step"');
    const step = s.step === undefined ? 1 : finite(key, 'step', s.step);
    if (!Number.isInteger(step) || step < 1) fail(key, `"step" must be a positive integer, got ${step}`);
    return { kind: 'int', min, max, log, step };
  }
  if (s.step !== undefined) fail(key, '"step" is for int ranges; a real range takes "steps" (how many grid points)');
  if (s.steps === undefined) return { kind: 'real', min, max, log };
  const steps = finite(key, 'steps', s.steps);
  if (!Number.isInteger(steps) || steps < 1) fail(key, `"steps" must be a positive integer, got ${steps}`);
  if (steps === 1 && min !== max) fail(key, '"steps": 1 needs "min" equal to "max"');
  return { kind: 'real', min, max, log, steps };
}

/**
 * Parses and checks a space (already decoded from JSON or YAML). `strategy` `grid` also requires every
 * param to be finite: values, an int range, or a real range with `steps`.
 */
export function parseSweepSpace(raw: unknown, strategy?: string): SweepSpace {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidInputError('sweep space must be an object of params, e.g. {"learningRate": {"min": 0.0001, "max": 0.01, "log": true}}');
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) throw new InvalidInputError('sweep space has no params');
  return entries.map(([key, spec]) => {
    if (!KEY.test(key)) fail(key, 'a param is a dotted config key (letters, digits, "_", separated by ".")');
    const param = parseParam(key, spec);
    if (strategy === 'grid' && param.kind === 'real' && param.steps === undefined) {
      fail(key, 'a grid needs "values", an int range or "steps" for a real range');
    }
    return { key, param };
  });
}

/** The grid's points along one param, in order (log ranges spaced evenly in log). */
export function gridValues(param: SweepParam): JsonValue[] {
  switch (param.kind) {
    case 'values':
      return param.values;
    case 'int': {
      const out: number[] = [];
      for (let v = param.min; v <= param.max; v += param.step) out.push(v);
      return out;
    }
    case 'real': {
      const steps = param.steps ?? 1;
      if (steps === 1) return [param.min];
      const [lo, hi] = param.log ? [Math.log(param.min), Math.log(param.max)] : [param.min, param.max];
      return Array.from({ length: steps }, (_, i) => {
        if (i === steps - 1) return param.max;
        if (i === 0) return param.min;
        const t = lo + ((hi - lo) * i) / (steps - 1);
        return param.log ? Math.exp(t) : t;
      });
    }
  }
}

/** How many points the full grid has. */
export function gridSize(space: SweepSpace): number {
  return space.reduce((n, { param }) => n * gridValues(param).length, 1);
}
