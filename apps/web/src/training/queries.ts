import { graphql } from '../graphql/generated';
import type { JobUpdatedSubscription, TrainingChoicesQuery } from '../graphql/generated/graphql';

/** A job as the training panel follows it (what startRun returns and jobUpdated sends). */
export type JobData = JobUpdatedSubscription['jobUpdated'];

/** A registered method as the training form offers it (the `methods` query). */
export type MethodChoice = TrainingChoicesQuery['methods'][number];

export const TRAINING_CHOICES = graphql(`
  query TrainingChoices {
    datasets {
      id
      name
      imageCount
    }
    methods {
      id
      title
      inputs
      defaults
      defaultsNote
    }
  }
`);

export const START_RUN = graphql(`
  mutation StartRun($input: StartRunInput!) {
    startRun(input: $input) {
      id
      status
      progress
      progressMessage
      error
      runId
    }
  }
`);

export const JOB_UPDATED = graphql(`
  subscription JobUpdated($id: ID!) {
    jobUpdated(id: $id) {
      id
      status
      progress
      progressMessage
      error
      runId
    }
  }
`);

export const RUN_PROGRESS = graphql(`
  subscription RunProgress($runId: ID!) {
    runProgress(runId: $runId) {
      runId
      status
      initial
      metrics {
        key
        points {
          step
          value
        }
      }
    }
  }
`);
