import { summarizeSaveStates } from './save-state';

describe('summarizeSaveStates', () => {
  it('is saved with nothing pending', () => {
    expect(summarizeSaveStates([])).toEqual({ status: 'saved', text: 'All changes saved' });
    expect(summarizeSaveStates([{ status: 'saved' }, { status: 'saved' }]).status).toBe('saved');
  });

  it('counts cells with unsaved edits', () => {
    expect(summarizeSaveStates([{ status: 'unsaved' }, { status: 'saved' }])).toEqual({ status: 'unsaved', text: 'Unsaved changes (1 cell)' });
    expect(summarizeSaveStates([{ status: 'unsaved' }, { status: 'unsaved' }]).text).toBe('Unsaved changes (2 cells)');
  });

  it('shows saving over unsaved, and a failure over everything with the first message', () => {
    expect(summarizeSaveStates([{ status: 'unsaved' }, { status: 'saving' }]).status).toBe('saving');
    expect(summarizeSaveStates([{ status: 'saving' }, { status: 'failed', message: 'server down' }, { status: 'failed', message: 'later' }])).toEqual({
      status: 'failed',
      text: 'Not saved: server down',
    });
  });
});
