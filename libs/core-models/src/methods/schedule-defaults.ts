import { z } from 'zod';

/**
 * Which training schedule a method's omitted settings follow. `reference` is the published one, written
 * for ImageNet-pretrained backbones (a frozen-backbone warm-up, a backbone learning rate of 1e-4 and
 * early decay): on a randomly initialised backbone it leaves the network unlearned. `from-scratch`
 * trains the backbone from the first epochs at a rate a random network learns with.
 */
export const SCHEDULE_NAMES = ['from-scratch', 'reference'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];
export const ScheduleNameSchema = z.enum(SCHEDULE_NAMES);

/** A schedule's settings, keyed like the method's config; nested objects (learning rates) fill key by key. */
export type SchedulePresets = Record<ScheduleName, Record<string, unknown>>;

/**
 * The schedule a config that names none gets: `reference` for a backbone that starts from pretrained
 * weights, `from-scratch` otherwise. No backbone option loads pretrained weights yet, so every
 * backbone choice trains from scratch; when one does, this reads the config's `backbone`.
 */
export function defaultSchedule(): ScheduleName {
  return 'from-scratch';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The raw config with the chosen schedule's values filled in where the config leaves them out. */
export function fillSchedule(raw: unknown, presets: SchedulePresets): unknown {
  const config = raw === undefined ? {} : raw;
  if (!isPlainObject(config)) return config;
  const schedule = config['schedule'] ?? defaultSchedule();
  const preset = presets[schedule as ScheduleName];
  // An unknown name is left for the schema to refuse with its message.
  if (!preset) return config;
  const filled: Record<string, unknown> = { ...config, schedule };
  for (const [key, value] of Object.entries(preset)) {
    const given = config[key];
    if (given === undefined) filled[key] = value;
    else if (isPlainObject(given) && isPlainObject(value)) filled[key] = { ...value, ...given };
  }
  return filled;
}

/**
 * A method's config schema whose omitted schedule settings come from the schedule it names (`schedule`),
 * or the one its backbone gets (see defaultSchedule). `.in`/`.out` of the result is `schema`, the
 * plain object (its JSON schema lists every key).
 */
export function withSchedule<Schema extends z.ZodType>(schema: Schema, presets: SchedulePresets) {
  return z.preprocess((raw) => fillSchedule(raw, presets), schema);
}
