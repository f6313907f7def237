/**
 * A cell type as the notebook uses it: its definition (spec schema, inputs, outputs) plus the editor
 * that changes the spec and the renderer that shows the result. Each type is one folder
 * `cells/<type>/` and one line in registry.ts.
 */
import type { ComponentType } from 'react';
import type { PlotlyBundle } from '../charts/plotly-bundles';
import type { CellDefinition, PortKind } from './definition';
import type { ResolvedInput } from './resolve-inputs';

/** What a cell may know about the rest of its notebook. */
export interface NotebookLinks {
  /** Cells with an output of this kind, other than the asking cell, as picker choices. */
  sourcesFor(kind: PortKind): readonly { id: string; label: string }[];
  /** "#2 Runs table"; "a deleted cell" for an id no longer in the notebook. */
  labelOf(cellId: string): string;
}

export interface EditorProps<Spec> {
  cellId: string;
  spec: Spec;
  onChange(next: Spec): void;
  links: NotebookLinks;
}

export interface RendererProps<Spec> {
  cellId: string;
  spec: Spec;
  inputs: Readonly<Record<string, ResolvedInput>>;
  links: NotebookLinks;
  /** Interactive renderers (row selection, overlay opacity) store what the user chose in the spec. */
  onSpecChange(next: Spec): void;
}

export interface CellModule<Spec> extends CellDefinition<Spec> {
  Editor: ComponentType<EditorProps<Spec>>;
  Renderer: ComponentType<RendererProps<Spec>>;
  /** The plotly bundle its charts need, loaded as soon as the cell is drawn (none: it draws no plotly chart). */
  plotly?: PlotlyBundle;
}

/** Pairs a definition with its views; the spec type ties the three together. */
export function cellModule<Spec>(
  definition: CellDefinition<Spec>,
  views: { Editor: ComponentType<EditorProps<Spec>>; Renderer: ComponentType<RendererProps<Spec>>; plotly?: PlotlyBundle },
): CellModule<Spec> {
  return { ...definition, ...views };
}
