/**
 * Every cell type the notebook knows, one line each. A new type is a folder `cells/<type>/` with
 * `cell-spec.ts` (schema, inputs, outputs), an editor and a renderer, exported from its `index.ts`, plus
 * one line here.
 */
import type { DefinitionLookup } from './resolve-inputs';
import type { CellModule } from './module';
import { confusionMatrixCell } from './confusion-matrix';
import { graphqlCell } from './graphql';
import { markdownCell } from './markdown';
import { metricChartCell } from './metric-chart';
import { parallelCoordinatesCell } from './parallel-coordinates';
import { prototypeGalleryCell } from './prototype-gallery';
import { rocPrCell } from './roc-pr';
import { runDiffCell } from './run-diff';
import { runsTableCell } from './runs-table';
import { saliencyGridCell } from './saliency-grid';
import { sweepCell } from './sweep';
import { viewPairCell } from './view-pair';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list: each entry ties its own spec type together
const modules: readonly CellModule<any>[] = [
  markdownCell,
  graphqlCell,
  runsTableCell,
  metricChartCell,
  rocPrCell,
  confusionMatrixCell,
  parallelCoordinatesCell,
  prototypeGalleryCell,
  saliencyGridCell,
  viewPairCell,
  runDiffCell,
  sweepCell,
];

const byType = new Map(modules.map((module) => [module.type, module]));

export function cellTypes(): readonly CellModule<unknown>[] {
  return modules;
}

export function cellModuleFor(type: string): CellModule<unknown> | undefined {
  return byType.get(type);
}

export const lookupDefinition: DefinitionLookup = cellModuleFor;
