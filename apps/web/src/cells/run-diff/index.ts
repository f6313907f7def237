import { cellModule } from '../module';
import { RunDiffEditor } from './editor';
import { RunDiffRenderer } from './renderer';
import { runDiffDefinition } from './cell-spec';

export const runDiffCell = cellModule(runDiffDefinition, { Editor: RunDiffEditor, Renderer: RunDiffRenderer });
