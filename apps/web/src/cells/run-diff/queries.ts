import { graphql } from '../../graphql/generated';

export const RUN_DIFF = graphql(`
  query RunDiff($ids: [ID!]!) {
    compareRuns(ids: $ids, metrics: []) {
      runs {
        id
        name
        latestMetrics {
          key
          point {
            value
          }
        }
      }
      configDiff {
        key
        values
      }
    }
  }
`);
