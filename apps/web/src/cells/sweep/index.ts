import { cellModule } from '../module';
import { SweepEditor } from './editor';
import { SweepRenderer } from './renderer';
import { sweepDefinition } from './cell-spec';

export const sweepCell = cellModule(sweepDefinition, { Editor: SweepEditor, Renderer: SweepRenderer, plotly: 'full' });
