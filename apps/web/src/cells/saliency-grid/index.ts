import { cellModule } from '../module';
import { SaliencyGridEditor } from './editor';
import { SaliencyGridRenderer } from './renderer';
import { saliencyGridDefinition } from './cell-spec';

export const saliencyGridCell = cellModule(saliencyGridDefinition, { Editor: SaliencyGridEditor, Renderer: SaliencyGridRenderer });
