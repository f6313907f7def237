/**
 * Named moments of a page's first render, as User Timing marks (`performance.mark`): a Chromium trace
 * shows them on its timeline, and scripts (the first-render benchmark) read them with
 * `performance.getEntriesByType('mark')`. Each is marked once per page load, the first time it happens.
 */
export const TIMELINE_MARKS = {
  /** The notebook page's script runs (hydration has reached it) and opens the live document. */
  collabStart: 'protoscope:collab-start',
  /** The `/collab` websocket is open. */
  collabOpen: 'protoscope:collab-open',
  /** The server accepted the page for the notebook's document. */
  collabAuthenticated: 'protoscope:collab-authenticated',
  /** The live document's first sync is complete: cells become editable. */
  collabSynced: 'protoscope:collab-synced',
  /** The notebook's cells are on the page (from the GraphQL snapshot or the live document, whichever came first). */
  cellsShown: 'protoscope:cells-shown',
  /** A plotly bundle has been loaded and evaluated. */
  plotlyCartesian: 'protoscope:plotly-cartesian',
  plotlyFull: 'protoscope:plotly-full',
} as const;

export type TimelineMark = (typeof TIMELINE_MARKS)[keyof typeof TIMELINE_MARKS];

/** Marks `name` unless it was marked already (or the page has no User Timing). */
export function markOnce(name: TimelineMark): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  if (performance.getEntriesByName(name, 'mark').length > 0) return;
  performance.mark(name);
}
