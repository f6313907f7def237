/** The `methods` query lists every registered training method with its config schema and defaults. */
import { methodIds } from '@protoscope/core-models';
import { graphql, queryData } from '../testing/server-fixtures';
import { startTemporaryServer, type TemporaryServer } from '../testing/temporary-server';

interface MethodRow {
  id: string;
  title: string;
  inputs: string;
  configSchema: { type: string; properties: Record<string, { default?: unknown; enum?: unknown[] }> };
  defaults: Record<string, unknown> | null;
  defaultsNote: string | null;
}

describe('methods query', () => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await startTemporaryServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists every registered method with its JSON schema and filled defaults', async () => {
    const { methods } = await queryData<{ methods: MethodRow[] }>(server, '{ methods { id title inputs configSchema defaults defaultsNote } }');
    expect(methods.map((m) => m.id)).toEqual(methodIds());
    const protopnet = methods.find((m) => m.id === 'protopnet')!;
    expect(protopnet.inputs).toBe('single');
    expect(protopnet.configSchema.type).toBe('object');
    expect(protopnet.configSchema.properties['prototypesPerClass']!.default).toBe(10);
    expect(protopnet.configSchema.properties['schedule']!.enum).toEqual(['from-scratch', 'reference']);
    expect(protopnet.defaults).toMatchObject({ schedule: 'from-scratch', prototypesPerClass: 10, pushAtEnd: true, backbone: { name: 'small-cnn' } });
    expect(methods.find((m) => m.id === 'multiview')!.inputs).toBe('view-pair');
    for (const method of methods) expect(method.defaults === null).toBe(method.defaultsNote !== null);
  });

  it('completes a partial config per method, and names what a method refuses in that field\'s error', async () => {
    const result = await graphql<{ methods: Array<{ id: string; defaults: Record<string, unknown> | null }> }>(
      server,
      '{ methods { id defaults(config: { backbone: { name: "resnet18" }, warmupEpochs: 2 }) } }',
    );
    const byId = new Map(result.data!.methods.map((m) => [m.id, m.defaults]));
    expect(byId.get('protopnet')).toMatchObject({ backbone: { name: 'resnet18' }, warmupEpochs: 2, schedule: 'from-scratch', prototypeDepth: 64 });
    // global has no warm-up: its field is null with an error that says so.
    expect(byId.get('global')).toBeNull();
    const globalError = result.errors!.find((e) => e.path?.[1] === methodIds().indexOf('global'))!;
    expect(globalError.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(globalError.message).toMatch(/^method 'global' config: .*warmupEpochs/s);
  });

  it('is refused without a credential', async () => {
    const anonymous = await graphql({ graphqlUrl: server.graphqlUrl }, '{ methods { id } }');
    expect(anonymous.status).toBe(401);
  });
});
