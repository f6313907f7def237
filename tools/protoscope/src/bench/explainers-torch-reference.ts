import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ExplainerWorkload } from './explainer-benchmark';
import { findTorchPython } from './find-torch-python';
import { runPython } from './torch-reference';

export const EXPLAINERS_REFERENCE_SCRIPT = path.resolve(__dirname, '../../../../bench/torch/explainers_reference.py');

const positiveFinite = z.number().positive().finite();

/** What bench/torch/explainers_reference.py prints. */
const explainersReferenceSchema = z.object({
  framework: z.literal('pytorch'),
  version: z.string().min(1),
  threads: z.number().int().positive(),
  riseImages: z.number().int().positive(),
  riseMasks: z.number().int().positive(),
  riseImgPerSec: positiveFinite,
  mdmImages: z.number().int().positive(),
  mdmIterations: z.number().int().positive(),
  mdmImgPerSec: positiveFinite,
});

export type ExplainersReference = z.infer<typeof explainersReferenceSchema>;

export interface ExplainersReferenceOptions {
  threads: number;
  workload: ExplainerWorkload;
  /** Where writeExplainerInputs put the masks and initial logits (and, if written, weights/ and images.npy). */
  inputsDir: string;
  /** Take our network's weights and images from inputsDir (the parity test). */
  shareNetwork?: boolean;
  /** Directory for the maps (mdm.npy, rise.npy). */
  mapsOut?: string;
  python?: string;
}

/** MDM and RISE in PyTorch on the same masks and steps, or why it could not run. */
export async function runExplainersTorchReference(options: ExplainersReferenceOptions): Promise<ExplainersReference | { unavailable: string }> {
  if (!existsSync(EXPLAINERS_REFERENCE_SCRIPT)) throw new Error(`PyTorch explainer script not found at ${EXPLAINERS_REFERENCE_SCRIPT}`);
  const found = await findTorchPython(options.python);
  if ('unavailable' in found) return found;
  const { workload: w, inputsDir } = options;
  const args = [
    EXPLAINERS_REFERENCE_SCRIPT,
    '--threads', String(options.threads),
    '--image-size', String(w.imageSize),
    '--batch-size', String(w.batchSize),
    '--rise-masks', path.join(inputsDir, 'rise-masks.npy'),
    '--rise-images', String(w.rise.images),
    '--keep-probability', String(w.rise.keepProbability),
    '--mdm-logits', path.join(inputsDir, 'mdm-logits.npy'),
    '--mdm-scales', w.mdm.scales.join(','),
    '--mdm-iterations', String(w.mdm.iterations),
    '--mdm-learning-rate', String(w.mdm.learningRate),
    '--mdm-area-weight', String(w.mdm.areaWeight),
    '--mdm-smoothness-weight', String(w.mdm.smoothnessWeight),
    ...(options.shareNetwork ? ['--weights', path.join(inputsDir, 'weights'), '--images', path.join(inputsDir, 'images.npy')] : []),
    ...(options.mapsOut ? ['--maps-out', options.mapsOut] : []),
  ];
  const stdout = await runPython(found.python, args, options.threads);
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error('PyTorch explainer reference printed no JSON object on stdout');
  const parsed = explainersReferenceSchema.safeParse(JSON.parse(line));
  if (!parsed.success) throw new Error(`PyTorch explainer reference output is not as expected: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
