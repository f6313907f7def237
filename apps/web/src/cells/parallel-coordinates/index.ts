import { cellModule } from '../module';
import { ParallelCoordinatesEditor } from './editor';
import { ParallelCoordinatesRenderer } from './renderer';
import { parallelCoordinatesDefinition } from './cell-spec';

export const parallelCoordinatesCell = cellModule(parallelCoordinatesDefinition, {
  Editor: ParallelCoordinatesEditor,
  Renderer: ParallelCoordinatesRenderer,
  plotly: 'full',
});
