import { cellModule } from '../module';
import { RunDiffEditor } from './editor';
import { RunDiffRenderer } from './renderer';
import { runDiffDefinition } from './spec';

export const runDiffCell = cellModule(runDiffDefinition, { Editor: RunDiffEditor, Renderer: RunDiffRenderer });
