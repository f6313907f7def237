import { GraphQLEnumType } from 'graphql';
import { JOB_STATUSES, NOTEBOOK_VERSION_KINDS, RUN_STATUSES, SALIENCY_KINDS, SWEEP_MODES, SWEEP_STATUSES, SWEEP_STRATEGIES, SWEEP_TRIAL_STATES } from '@protoscope/tracking';
import { buildUnguardedSchema } from './executable-schema';
import { storeEnum } from './store-enum';

describe('GraphQL enums over store values', () => {
  it('name each value in capitals', () => {
    expect(storeEnum(['queued', 'running'])).toEqual({ QUEUED: 'queued', RUNNING: 'running' });
  });

  // Each schema enum and the store list it stands for: a value on one side only fails here.
  const schema = buildUnguardedSchema();
  it.each([
    ['RunStatus', RUN_STATUSES],
    ['JobStatus', JOB_STATUSES],
    ['SaliencyKind', SALIENCY_KINDS],
    ['NotebookVersionKind', NOTEBOOK_VERSION_KINDS],
    ['SweepStrategy', SWEEP_STRATEGIES],
    ['SweepMode', SWEEP_MODES],
    ['SweepState', SWEEP_STATUSES],
    ['SweepTrialState', SWEEP_TRIAL_STATES],
  ] as const)('%s has exactly the store values', (name, values) => {
    const type = schema.getType(name);
    expect(type).toBeInstanceOf(GraphQLEnumType);
    const internal = (type as GraphQLEnumType).getValues().map((value) => value.value as string);
    expect([...internal].sort()).toEqual([...values].sort());
  });
});
