import { graphql } from '../../graphql/generated';

export const RUN_SALIENCY = graphql(`
  query RunSaliency($filter: RunFilter, $methods: [String!]) {
    runs(filter: $filter, first: 20) {
      edges {
        node {
          id
          name
          saliencyMaps(methods: $methods) {
            id
            imageId
            method
            target
            targetName
            params
            url
            image {
              id
              url
              labelName
            }
          }
        }
      }
    }
  }
`);
