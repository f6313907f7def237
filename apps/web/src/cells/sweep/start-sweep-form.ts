/** The start-a-sweep form's values turned into createSweep's input; pure so the checks are testable. */
import type { CreateSweepInput, SweepMode, SweepStrategy } from '../../graphql/generated/graphql';

export interface SweepForm {
  name: string;
  method: string;
  datasetId: string;
  strategy: SweepStrategy;
  space: string;
  maxParallel: number;
  budget: number;
  epochs: number;
  eta: number;
  minEpochs: number;
  metric: string;
  mode: SweepMode;
  config: string;
}

export const DEFAULT_SWEEP_FORM: SweepForm = {
  name: '',
  method: 'global',
  datasetId: '',
  strategy: 'RANDOM',
  space: '{\n  "learningRate": { "min": 0.0001, "max": 0.01, "log": true }\n}',
  maxParallel: 2,
  budget: 8,
  epochs: 10,
  eta: 3,
  minEpochs: 1,
  metric: 'val/auc',
  mode: 'MAX',
  config: '',
};

function jsonObject(text: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${what} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

/** createSweep's input, or an Error naming the field that is wrong. */
export function sweepInputOf(form: SweepForm): CreateSweepInput {
  if (!form.datasetId) throw new Error('choose a dataset');
  const input: CreateSweepInput = {
    method: form.method,
    datasetId: form.datasetId,
    strategy: form.strategy,
    space: jsonObject(form.space, 'the space'),
    maxParallel: form.maxParallel,
    metric: form.metric || 'val/auc',
    mode: form.mode,
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    ...(form.config.trim() ? { config: jsonObject(form.config, 'the config') } : {}),
  };
  if (form.strategy === 'ASHA') return { ...input, budget: form.budget, eta: form.eta, minEpochs: form.minEpochs, maxEpochs: form.epochs };
  return { ...input, epochs: form.epochs, ...(form.strategy === 'RANDOM' ? { budget: form.budget } : {}) };
}
