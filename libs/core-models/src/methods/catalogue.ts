import { z } from 'zod';
import { adaCamEntry } from './adacam/adacam-entry';
import { braixEntry } from './braix-protopnet-pp/braix-entry';
import { evalProtoPNetEntry } from './evalprotopnet/evalprotopnet-entry';
import { foProEntry } from './fopro/fopro-entry';
import { globalEntry } from './global/global-entry';
import { hamEntry } from './ham/ham-entry';
import { lesionLinkedEntry } from './lesion-linked/lesion-linked-entry';
import { MethodConfigError } from './method-config-error';
import type { MethodEntry, MethodInputs } from './method-entry';
import { multiviewEntry } from './multiview/multiview-entry';
import { procKdEntry } from './proc-kd/proc-kd-entry';
import { protopnetEntry } from './protopnet/protopnet-entry';

/**
 * Every training method as a client sees it, in the order of `METHODS` (registry.ts), from zod schemas
 * only: reading it loads neither tfjs nor any model, so the server's `methods` query can. registry.ts
 * holds the same methods with their models; catalogue.spec.ts checks that the two lists agree.
 */
export const METHOD_CATALOGUE: readonly MethodEntry[] = [
  globalEntry,
  protopnetEntry,
  braixEntry,
  evalProtoPNetEntry,
  multiviewEntry,
  hamEntry,
  lesionLinkedEntry,
  adaCamEntry,
  foProEntry,
  procKdEntry,
];

/** What a client needs to offer a method: its id, title, inputs, the JSON Schema of its config and its defaults. */
export interface MethodDescription {
  id: string;
  title: string;
  inputs: MethodInputs;
  /** JSON Schema (draft 2020-12) of the config as written by a user: every key, its type, range and default. */
  configSchema: unknown;
  /**
   * The config `{}` becomes: every default filled in (the schedule that of the default backbone); null
   * when the method needs a key without a default (then `defaultsNote` says which).
   */
  defaults: unknown;
  defaultsNote: string | null;
}

/** The object schema inside a config schema whose defaults are filled by a preprocessing step (see schedule-defaults.ts). */
function objectSchema(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodPipe ? (schema.out as z.ZodType) : schema;
}

/** Every method of the catalogue, in registry order. */
export function describeMethods(): MethodDescription[] {
  return METHOD_CATALOGUE.map((entry) => {
    const parsed = entry.configSchema.safeParse({});
    return {
      id: entry.id,
      title: entry.title,
      inputs: entry.inputs ?? 'single',
      configSchema: z.toJSONSchema(objectSchema(entry.configSchema), { io: 'input', unrepresentable: 'any' }),
      defaults: parsed.success ? parsed.data : null,
      defaultsNote: parsed.success ? null : z.prettifyError(parsed.error),
    };
  });
}

/** `partial` completed with the method's defaults (which may depend on it, e.g. on its backbone). */
export function methodDefaults(id: string, partial: unknown = {}): unknown {
  const entry = METHOD_CATALOGUE.find((candidate) => candidate.id === id);
  if (!entry) throw new MethodConfigError(`unknown method '${id}'; use one of: ${METHOD_CATALOGUE.map((e) => e.id).join(', ')}`);
  const parsed = entry.configSchema.safeParse(partial ?? {});
  if (!parsed.success) throw new MethodConfigError(`method '${id}' config: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
