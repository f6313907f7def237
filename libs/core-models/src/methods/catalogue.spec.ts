import { BACKBONE_NAMES } from '../backbones/backbone-names';
import { BACKBONES } from '../backbones/registry';
import { describeMethods, METHOD_CATALOGUE, methodDefaults } from './catalogue';
import { MethodConfigError } from './method-config-error';
import { METHODS } from './registry';

/**
 * The catalogue (zod only, what the server reads) and the registry (the models) must list the same
 * methods with the same ids, titles, inputs and config schemas, in the same order: a method
 * registered in one list and not the other, or whose definition stopped spreading its entry, fails here.
 */
describe('method catalogue', () => {
  it('lists exactly the registered methods, in registry order', () => {
    expect(METHOD_CATALOGUE.map((entry) => entry.id)).toEqual(Object.keys(METHODS));
  });

  it.each(Object.keys(METHODS))('%s: the registry definition carries the catalogue entry (id, title, inputs, the same schema object)', (id) => {
    const definition = METHODS[id]!;
    const entry = METHOD_CATALOGUE.find((candidate) => candidate.id === id)!;
    expect(definition.id).toBe(id);
    expect(definition.title).toBe(entry.title);
    expect(definition.inputs ?? 'single').toBe(entry.inputs ?? 'single');
    expect(definition.configSchema).toBe(entry.configSchema);
  });

  it('offers the backbones of the registry, by the same names', () => {
    expect(BACKBONE_NAMES).toEqual(Object.keys(BACKBONES));
  });

  it('describes global with the defaults its schema documents', () => {
    const global = describeMethods().find((method) => method.id === 'global')!;
    expect(global.inputs).toBe('single');
    expect(global.defaults).toEqual({ backbone: { name: 'small-cnn', options: {} }, learningRate: 1e-3, weightDecay: 1e-4, stepEpochs: 0, gamma: 0.1 });
    expect(global.defaultsNote).toBeNull();
    const schema = global.configSchema as { properties: Record<string, { default?: unknown }> };
    expect(schema.properties['learningRate']!.default).toBe(1e-3);
    expect(schema.properties['backbone']!.default).toEqual({ name: 'small-cnn', options: {} });
  });

  it('completes a partial config and names an unknown method or a refused key', () => {
    expect(methodDefaults('global', { gamma: 0.5 })).toMatchObject({ gamma: 0.5, learningRate: 1e-3 });
    expect(() => methodDefaults('nope')).toThrow(new MethodConfigError(`unknown method 'nope'; use one of: ${Object.keys(METHODS).join(', ')}`));
    expect(() => methodDefaults('global', { learningrate: 1 })).toThrow(/^method 'global' config: .*learningrate/s);
  });
});
