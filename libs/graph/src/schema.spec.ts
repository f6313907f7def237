import { buildSchema, isEnumType, isObjectType, parse, validate } from 'graphql';
import { typeDefs } from './index';

describe('typeDefs', () => {
  const schema = buildSchema(typeDefs);

  it('is valid SDL with the domain types the server and the web rely on', () => {
    for (const name of [
      'Dataset',
      'Image',
      'Run',
      'MetricSeries',
      'Prototype',
      'SaliencyMap',
      'Heatmap',
      'Evaluation',
      'Comparison',
      'Notebook',
      'Cell',
      'Job',
    ]) {
      expect(isObjectType(schema.getType(name))).toBe(true);
    }
    expect(Object.keys(schema.getSubscriptionType()!.getFields()).sort()).toEqual(['commentThreadChanged', 'jobUpdated', 'jobs', 'runProgress']);
  });

  it('has enums whose values map one to one onto the store statuses', () => {
    const values = (name: string) => {
      const type = schema.getType(name);
      if (!isEnumType(type)) throw new Error(`${name} is not an enum`);
      return type.getValues().map((v) => v.name.toLowerCase());
    };
    expect(values('RunStatus')).toEqual(['queued', 'running', 'finished', 'failed', 'cancelled']);
    expect(values('JobStatus')).toEqual(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
  });

  it('accepts the documented example queries and rejects unknown fields', () => {
    const ok = parse(`
      query Best($first: Int) {
        runs(first: $first, filter: { or: [{ method: { in: ["protopnet", "global"] } }, { tags: { all: ["baseline"] } }],
                                      metrics: [{ key: "val/auc", gte: 0.8 }] },
             orderBy: [{ field: METRIC, key: "val/auc", direction: DESC }]) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { id method metric(key: "val/auc") { value step } } }
        }
      }`);
    expect(validate(schema, ok)).toEqual([]);
    const bad = parse('{ runs { edges { node { notAField } } } }');
    expect(validate(schema, bad).map((e) => e.message)).toEqual([expect.stringContaining('notAField')]);
  });
});
