import { z } from 'zod';
import { METHODS, MethodConfigError } from './registry';

/** What a client needs to offer a method: its id, title, inputs, the JSON Schema of its config and its defaults. */
export interface MethodDescription {
  id: string;
  title: string;
  inputs: 'single' | 'view-pair';
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

/** Every registered method, in registry order. */
export function describeMethods(): MethodDescription[] {
  return Object.values(METHODS).map((definition) => {
    const parsed = (definition.configSchema as z.ZodType).safeParse({});
    return {
      id: definition.id,
      title: definition.title,
      inputs: definition.inputs ?? 'single',
      configSchema: z.toJSONSchema(objectSchema(definition.configSchema as z.ZodType), { io: 'input', unrepresentable: 'any' }),
      defaults: parsed.success ? parsed.data : null,
      defaultsNote: parsed.success ? null : z.prettifyError(parsed.error),
    };
  });
}

/** `partial` completed with the method's defaults (which may depend on it, e.g. on its backbone). */
export function methodDefaults(id: string, partial: unknown = {}): unknown {
  const definition = METHODS[id];
  if (!definition) throw new MethodConfigError(`unknown method '${id}'; use one of: ${Object.keys(METHODS).join(', ')}`);
  const parsed = (definition.configSchema as z.ZodType).safeParse(partial ?? {});
  if (!parsed.success) throw new MethodConfigError(`method '${id}' config: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
