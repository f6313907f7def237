import { gql, type TypedDocumentNode } from '@apollo/client';
import type { RunFilterInput } from '../shared/run-rows';
import type { HeatmapData } from '../shared/heatmap-canvas';

export interface BoxData {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PrototypeNode {
  id: string;
  index: number;
  classIndex: number | null;
  className: string | null;
  pushStep: number;
  patchUrl: string | null;
  distance: number | null;
  sourceImage: { id: string; url: string; width: number; height: number } | null;
  receptiveField: BoxData | null;
  highActivation: BoxData | null;
  activationMap: HeatmapData | null;
  nearestPatches: NearestPatchNode[];
}

/** A training patch near the prototype, recorded at its push (nearest first). */
export interface NearestPatchNode {
  imageId: string;
  classIndex: number | null;
  distance: number | null;
  patchUrl: string | null;
}

export const RUN_PROTOTYPES: TypedDocumentNode<
  { runs: { edges: { node: { id: string; name: string | null; prototypes: PrototypeNode[] } }[] } },
  { filter: RunFilterInput; withActivation: boolean }
> = gql`
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
`;
