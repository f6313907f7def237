import { cellModule } from '../module';
import { ViewPairEditor } from './editor';
import { ViewPairRenderer } from './renderer';
import { viewPairDefinition } from './spec';

export const viewPairCell = cellModule(viewPairDefinition, { Editor: ViewPairEditor, Renderer: ViewPairRenderer });
