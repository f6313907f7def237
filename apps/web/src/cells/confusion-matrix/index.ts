import { cellModule } from '../module';
import { ConfusionMatrixEditor } from './editor';
import { ConfusionMatrixRenderer } from './renderer';
import { confusionMatrixDefinition } from './cell-spec';

export const confusionMatrixCell = cellModule(confusionMatrixDefinition, { Editor: ConfusionMatrixEditor, Renderer: ConfusionMatrixRenderer, plotly: 'cartesian' });
