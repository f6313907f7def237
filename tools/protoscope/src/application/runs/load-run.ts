import path from 'node:path';
import { createMethodModel, decodeCheckpoint, findingSource, methodDataNeeds, restoreVariables, type MethodModel, type TeacherContext } from '@protoscope/core-models';
import { openDataset } from '@protoscope/datasets';
import type { Checkpoint, Run, Store } from '@protoscope/tracking';
import type { TrainingSettings } from '../train/train-run';
import { UserFacingError } from '../../user-facing-error';

/** Which weights of a run: the final model (default), the best by the run's selection metric, or a step. */
export type CheckpointChoice = 'latest' | 'best' | number;

export interface LoadedRun {
  run: Run;
  model: MethodModel;
  settings: TrainingSettings;
  /** Class names of the run's task, in logit order. */
  classes: string[];
  inputShape: [number, number, number];
  checkpoint: Checkpoint;
  /** Class names of the method's findings task (methods that declare one: ham, lesion-linked). */
  findings?: string[];
}

export function parseCheckpointChoice(value: string): CheckpointChoice {
  if (value === 'latest' || value === 'best') return value;
  const step = Number(value);
  if (Number.isInteger(step) && step >= 0) return step;
  throw new UserFacingError(`--checkpoint must be 'latest', 'best' or a step number, got '${value}'`);
}

async function chooseCheckpoint(store: Store, run: Run, choice: CheckpointChoice): Promise<Checkpoint> {
  const found =
    choice === 'latest'
      ? await store.checkpoints.latest(run.id)
      : choice === 'best'
        ? await store.checkpoints.best(run.id)
        : (await store.checkpoints.list(run.id)).find((c) => c.step === choice);
  if (!found) {
    const steps = (await store.checkpoints.list(run.id)).map((c) => c.step);
    throw new UserFacingError(
      `run ${run.id} has no ${typeof choice === 'number' ? `checkpoint at step ${choice}` : `${choice} checkpoint`}` +
        (steps.length ? ` (steps: ${steps.join(', ')})` : ' (it saved none; was it trained with protoscope train?)'),
    );
  }
  return found;
}

/** A run by its id or a unique prefix of it (at least 4 characters), as git takes short hashes. */
export async function resolveRun(store: Store, idOrPrefix: string): Promise<Run> {
  const exact = await store.runs.find(idOrPrefix);
  if (exact) return exact;
  const matches = idOrPrefix.length >= 4 ? (await store.runs.list()).filter((r) => r.id.startsWith(idOrPrefix)) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new UserFacingError(`run id prefix '${idOrPrefix}' matches ${matches.length} runs (${matches.slice(0, 5).map((r) => r.id).join(', ')}…); give more of it`);
  return store.runs.get(idOrPrefix); // throws the store's "no run with id" error
}

/**
 * A trained run's model, rebuilt from its stored method config and a checkpoint's weights, with the
 * class names and input shape of the data it was trained on. The final model is the default: for
 * prototype methods it is the pushed one, whose prototypes are the stored training patches.
 */
export async function loadRun(store: Store, runId: string, choice: CheckpointChoice = 'latest'): Promise<LoadedRun> {
  const run = await resolveRun(store, runId);
  const saved = run.config as { method?: object; training?: TrainingSettings };
  if (!saved.training) throw new UserFacingError(`run ${run.id} was not trained by 'protoscope train'; it has no model to load`);
  const settings = saved.training;
  const checkpoint = await chooseCheckpoint(store, run, choice);
  const dataset = openDataset(path.resolve(settings.data));
  const task = dataset.manifest.tasks[dataset.manifest.primaryTask];
  if (!task) throw new UserFacingError(`${settings.data}: the primary task '${dataset.manifest.primaryTask}' is missing from the manifest`);
  const train = dataset.manifest.images.filter((r) => r.split === 'train');
  const size = settings.size ?? Math.max(...dataset.manifest.images.map((r) => Math.max(r.width, r.height)));
  // The batch loader's rule for the channel count, applied to the split the run trained on.
  const channels = train.some((r) => r.channels >= 3) ? 3 : 1;
  const inputShape: [number, number, number] = [size, size, channels];
  const needs = methodDataNeeds(run.method, saved.method ?? {});
  const findings = needs.findingsTask ? findingSource(dataset.manifest.tasks, needs.findingsTask, false, settings.data).names : undefined;
  // A distilled student is rebuilt with its teacher, whose shapes its layers were made for.
  const teacher = needs.teacherRun ? await loadTeacher(store, needs.teacherRun, inputShape) : undefined;
  const { model } = createMethodModel(run.method, saved.method ?? {}, { inputShape, classes: task.classes.length, seed: settings.seed, findings, teacher });
  try {
    restoreVariables(model, decodeCheckpoint(await store.artifacts.get(checkpoint.artifact)).variables);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { run, model, settings, classes: task.classes, inputShape, checkpoint, ...(findings ? { findings: [...findings] } : {}) };
}

/** A trained run as a frozen teacher for a method that learns from one; it must take images of the student's shape. */
export async function loadTeacher(store: Store, runId: string, inputShape: [number, number, number]): Promise<TeacherContext> {
  const loaded = await loadRun(store, runId, 'latest');
  if (loaded.inputShape.join('x') !== inputShape.join('x')) {
    loaded.model.dispose();
    throw new UserFacingError(`teacher run ${loaded.run.id} takes images of ${loaded.inputShape.join('×')}, this model ${inputShape.join('×')}; train with --size ${loaded.inputShape[0]} or choose a teacher of this size`);
  }
  return { runId: loaded.run.id, model: loaded.model, classes: loaded.classes.length, inputShape: loaded.inputShape };
}
