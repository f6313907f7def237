import { cellModule } from '../module';
import { PrototypeGalleryEditor } from './editor';
import { PrototypeGalleryRenderer } from './renderer';
import { prototypeGalleryDefinition } from './cell-spec';

export const prototypeGalleryCell = cellModule(prototypeGalleryDefinition, { Editor: PrototypeGalleryEditor, Renderer: PrototypeGalleryRenderer });
