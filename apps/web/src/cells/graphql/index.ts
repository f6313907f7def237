import { cellModule } from '../module';
import { GraphqlEditor } from './editor';
import { GraphqlRenderer } from './renderer';
import { graphqlDefinition } from './cell-spec';

export const graphqlCell = cellModule(graphqlDefinition, { Editor: GraphqlEditor, Renderer: GraphqlRenderer });
