import { graphql } from '../../graphql/generated';
import type { RunPrototypesQuery } from '../../graphql/generated/graphql';

/** A prototype as the gallery reads it (activationMap only when the cell shows activations). */
export type PrototypeNode = RunPrototypesQuery['runs']['edges'][number]['node']['prototypes'][number];

export const RUN_PROTOTYPES = graphql(`
  query RunPrototypes($filter: RunFilter, $withActivation: Boolean!) {
    runs(filter: $filter, first: 8) {
      edges {
        node {
          id
          name
          prototypes {
            id
            index
            classIndex
            className
            pushStep
            patchUrl
            distance
            sourceImage {
              id
              url
              width
              height
            }
            receptiveField {
              x
              y
              width
              height
            }
            highActivation {
              x
              y
              width
              height
            }
            nearestPatches {
              imageId
              classIndex
              distance
              patchUrl
            }
            activationMap(maxSize: 32) @include(if: $withActivation) {
              width
              height
              values
              min
              max
            }
          }
        }
      }
    }
  }
`);
