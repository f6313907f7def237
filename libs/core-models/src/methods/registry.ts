import { z } from 'zod';
import { adaCamMethod } from './adacam/adacam-method';
import { braixMethod } from './braix-protopnet-pp/braix-method';
import { evalProtoPNetMethod } from './evalprotopnet/evalprotopnet-method';
import { foProMethod } from './fopro/fopro-method';
import { globalMethod } from './global/global-method';
import { hamMethod } from './ham/ham-method';
import { lesionLinkedMethod } from './lesion-linked/lesion-linked-method';
import { multiviewMethod } from './multiview/multiview-method';
import { procKdMethod } from './proc-kd/proc-kd-method';
import { protopnetMethod } from './protopnet/protopnet-method';
import type { MethodDataNeeds, MethodDefinition, MethodModel, ModelContext } from './method';
import { MethodConfigError } from './method-config-error';

/**
 * Every training method by id (the `--method` values); adding one is one folder, one line here and its
 * entry's line in catalogue.ts (the model-free list the server reads; catalogue.spec.ts checks both agree).
 */
export const METHODS: Record<string, MethodDefinition<never>> = {
  global: globalMethod as MethodDefinition<never>,
  protopnet: protopnetMethod as MethodDefinition<never>,
  'braix-protopnet-pp': braixMethod as MethodDefinition<never>,
  evalprotopnet: evalProtoPNetMethod as MethodDefinition<never>,
  multiview: multiviewMethod as MethodDefinition<never>,
  ham: hamMethod as MethodDefinition<never>,
  'lesion-linked': lesionLinkedMethod as MethodDefinition<never>,
  adacam: adaCamMethod as MethodDefinition<never>,
  fopro: foProMethod as MethodDefinition<never>,
  'proc-kd': procKdMethod as MethodDefinition<never>,
};

export { MethodConfigError };

export function methodIds(): string[] {
  return Object.keys(METHODS);
}

/** Validates a method's config (filling documented defaults) and builds its model. */
export function createMethodModel(id: string, rawConfig: unknown, context: ModelContext): { config: unknown; model: MethodModel } {
  const definition = METHODS[id] as MethodDefinition<unknown> | undefined;
  if (!definition) throw new MethodConfigError(`unknown method '${id}'; use one of: ${methodIds().join(', ')}`);
  const parsed = definition.configSchema.safeParse(rawConfig ?? {});
  if (!parsed.success) throw new MethodConfigError(`method '${id}' config: ${z.prettifyError(parsed.error)}`);
  return { config: parsed.data, model: definition.create(parsed.data, context) };
}

/** What method `id` with this config needs from the data (validating the config first). */
export function methodDataNeeds(id: string, rawConfig: unknown): MethodDataNeeds {
  const definition = METHODS[id] as MethodDefinition<unknown> | undefined;
  if (!definition) throw new MethodConfigError(`unknown method '${id}'; use one of: ${methodIds().join(', ')}`);
  const parsed = definition.configSchema.safeParse(rawConfig ?? {});
  if (!parsed.success) throw new MethodConfigError(`method '${id}' config: ${z.prettifyError(parsed.error)}`);
  return definition.dataNeeds?.(parsed.data) ?? {};
}
