import { cellModule } from '../module';
import { MarkdownEditor } from './editor';
import { MarkdownRenderer } from './renderer';
import { markdownDefinition } from './cell-spec';

export const markdownCell = cellModule(markdownDefinition, { Editor: MarkdownEditor, Renderer: MarkdownRenderer });
