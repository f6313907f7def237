/** Where a cell's edits are: typed but not sent, on their way, stored, or refused by the server. */
export type SaveState = { status: 'saved' } | { status: 'unsaved' } | { status: 'saving' } | { status: 'failed'; message: string };

export interface SaveSummary {
  status: 'saved' | 'unsaved' | 'saving' | 'failed';
  text: string;
}

/** One indicator for the whole notebook: a failure outranks work in flight, which outranks pending edits. */
export function summarizeSaveStates(states: Iterable<SaveState>): SaveSummary {
  let saving = 0;
  let unsaved = 0;
  let failed: string | undefined;
  for (const state of states) {
    if (state.status === 'failed') failed ??= state.message;
    else if (state.status === 'saving') saving++;
    else if (state.status === 'unsaved') unsaved++;
  }
  if (failed !== undefined) return { status: 'failed', text: `Not saved: ${failed}` };
  if (saving > 0) return { status: 'saving', text: 'Saving…' };
  if (unsaved > 0) return { status: 'unsaved', text: unsaved === 1 ? 'Unsaved changes (1 cell)' : `Unsaved changes (${unsaved} cells)` };
  return { status: 'saved', text: 'All changes saved' };
}
