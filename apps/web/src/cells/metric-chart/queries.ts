import { graphql } from '../../graphql/generated';

export const METRIC_COMPARISON = graphql(`
  query MetricComparison($ids: [ID!]!, $metrics: [String!], $maxPoints: Int) {
    compareRuns(ids: $ids, metrics: $metrics, maxPoints: $maxPoints) {
      runs {
        id
        name
      }
      metrics {
        key
        steps
        series {
          runId
          values
        }
      }
      groups {
        key
        runIds
      }
    }
  }
`);
