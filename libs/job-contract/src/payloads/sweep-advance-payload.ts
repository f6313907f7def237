import { z } from 'zod';
import { flag, text } from '../fields';

/** `sweep-advance`: one run of a sweep's controller; `tick` jobs queue the next tick while the sweep runs. */
export const SweepAdvancePayloadSchema = z.strictObject({ sweepId: text(), tick: flag().optional() });
export type SweepAdvancePayload = z.infer<typeof SweepAdvancePayloadSchema>;
