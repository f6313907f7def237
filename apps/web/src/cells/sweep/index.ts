import { cellModule } from '../module';
import { SweepEditor } from './editor';
import { SweepRenderer } from './renderer';
import { sweepDefinition } from './spec';

export const sweepCell = cellModule(sweepDefinition, { Editor: SweepEditor, Renderer: SweepRenderer });
