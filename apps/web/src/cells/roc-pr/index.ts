import { cellModule } from '../module';
import { RocPrEditor } from './editor';
import { RocPrRenderer } from './renderer';
import { rocPrDefinition } from './cell-spec';

export const rocPrCell = cellModule(rocPrDefinition, { Editor: RocPrEditor, Renderer: RocPrRenderer, plotly: 'cartesian' });
