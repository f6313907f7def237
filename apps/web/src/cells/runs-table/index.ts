import { cellModule } from '../module';
import { RunsTableEditor } from './editor';
import { RunsTableRenderer } from './renderer';
import { runsTableDefinition } from './cell-spec';

export const runsTableCell = cellModule(runsTableDefinition, { Editor: RunsTableEditor, Renderer: RunsTableRenderer });
