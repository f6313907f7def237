import { buildSchema, graphql as execute } from 'graphql';
import { buildUnguardedSchema } from '../graphql/executable-schema';
import type { GraphContext } from '../graphql/context';
import { authorizeSchema } from './authorize-schema';
import { FIELD_RULES } from './field-rules';
import type { Caller } from './gatekeeper';

const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;

describe('field rules', () => {
  const schema = buildUnguardedSchema();

  it.each(ROOTS)('every %s field of the schema has a rule, and every rule a field', (root) => {
    const type = schema.getType(root) as { getFields(): Record<string, unknown> };
    const fields = Object.keys(type.getFields()).sort();
    const missing = fields.filter((f) => !(f in FIELD_RULES[root]));
    expect({ root, missing }).toEqual({ root, missing: [] });
    expect(Object.keys(FIELD_RULES[root]).sort()).toEqual(fields);
  });

  it('refuses a field that has no rule, even to an owner (fail closed)', async () => {
    const extra = authorizeSchema(
      buildSchema('type Query { me: String, secretNewField: String } type Mutation { dropEverything: Boolean }'),
    );
    for (const field of ['Query', 'Mutation']) {
      const f = (extra.getType(field) as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
      for (const def of Object.values(f)) expect(typeof def.resolve).toBe('function');
    }
    const owner: Caller = { userId: 'u1', name: 'ada', role: 'owner', credential: 'session', credentialId: 's1' };
    const contextValue = { caller: owner } as GraphContext;
    const rootValue = { me: 'ada', secretNewField: 'leaked', dropEverything: true };
    const query = await execute({ schema: extra, source: '{ me secretNewField }', rootValue, contextValue });
    expect(query.data).toEqual({ me: 'ada', secretNewField: null });
    expect(query.errors?.map((e) => [e.path, e.extensions.code, e.message])).toEqual([
      [['secretNewField'], 'FORBIDDEN', 'Query.secretNewField has no access rule, so nobody may call it'],
    ]);
    const mutation = await execute({ schema: extra, source: 'mutation { dropEverything }', rootValue, contextValue });
    expect(mutation.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const anonymous = await execute({ schema: extra, source: '{ me }', rootValue, contextValue: { caller: null } as GraphContext });
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
