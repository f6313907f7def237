import { z } from 'zod';

const positiveFinite = z.number().positive().finite();

/** What bench/torch/engine_reference.py prints: the PyTorch figures for the reference workload. */
export const torchReferenceResultSchema = z.object({
  framework: z.literal('pytorch'),
  version: z.string().min(1),
  threads: z.number().int().positive(),
  channelsLast: z.literal(true),
  batch: z.literal(32),
  trainImgPerSec: positiveFinite,
  inferImgPerSec: positiveFinite,
  gradcamMsPerImg: positiveFinite,
  trainSteps: z.number().int().positive(),
  inferSteps: z.number().int().positive(),
  gradcamSteps: z.number().int().positive(),
  // The script writes a NaN/inf loss as null; a diverged run is not a valid reference.
  finalLoss: z.number().finite(),
});

export type TorchReferenceResult = z.infer<typeof torchReferenceResultSchema>;

/** Parses the script's stdout: the last line that is a JSON object is the result; anything else is an error. */
export function parseTorchReferenceOutput(stdout: string): TorchReferenceResult {
  const jsonLine = stdout
    .split('\n')
    .map((line) => line.trim())
    .reverse()
    .find((line) => line.startsWith('{'));
  if (jsonLine === undefined) throw new Error('PyTorch reference printed no JSON object on stdout');
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonLine);
  } catch (error) {
    throw new Error(`PyTorch reference printed invalid JSON: ${(error as Error).message}`);
  }
  const result = torchReferenceResultSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`PyTorch reference output is not as expected: ${problems.join('; ')}`);
  }
  return result.data;
}
