import { graphql } from '../../graphql/generated';
import type { SweepTrialFieldsFragment } from '../../graphql/generated/graphql';

/** A trial as the sweep cell reads it. */
export type SweepTrialData = SweepTrialFieldsFragment;

/** The fields read of every trial (spread as ...SweepTrialFields). */
export const TRIAL_FIELDS = graphql(`
  fragment SweepTrialFields on SweepTrial {
    index
    state
    rung
    epochs
    params
    value
    run {
      id
      name
    }
  }
`);

export const SWEEP = graphql(`
  query Sweep($id: ID!) {
    sweep(id: $id) {
      id
      name
      state
      strategy
      method
      datasetId
      metric
      mode
      parameters
      rungs
      error
      progress {
        total
        queued
        running
        done
        stopped
        failed
      }
      trials {
        ...SweepTrialFields
      }
      bestTrial {
        ...SweepTrialFields
      }
    }
  }
`);

export const SWEEP_LIST = graphql(`
  query SweepList {
    sweeps(first: 50) {
      id
      name
      state
      strategy
      method
    }
  }
`);

export const CREATE_SWEEP = graphql(`
  mutation CreateSweep($input: CreateSweepInput!) {
    createSweep(input: $input) {
      id
    }
  }
`);

export const CANCEL_SWEEP = graphql(`
  mutation CancelSweep($id: ID!) {
    cancelSweep(id: $id) {
      id
      state
    }
  }
`);
