import { cellModule } from '../module';
import { ViewPairEditor } from './editor';
import { ViewPairRenderer } from './renderer';
import { viewPairDefinition } from './cell-spec';

export const viewPairCell = cellModule(viewPairDefinition, { Editor: ViewPairEditor, Renderer: ViewPairRenderer });
