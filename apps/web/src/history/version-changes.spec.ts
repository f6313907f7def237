import type { PlainCell } from '@protoscope/notebook-doc';
import { describeCell, textDelta, versionChanges } from './version-changes';

const title = (type: string) => ({ markdown: 'Markdown', graphql: 'GraphQL query', 'runs-table': 'Runs table' })[type] ?? type;
const md = (id: string, source: string): PlainCell => ({ id, type: 'markdown', spec: { source } });
const table = (id: string, selected: string[]): PlainCell => ({ id, type: 'runs-table', spec: { selected, limit: 100 } });

describe('a version’s changes in words', () => {
  it('counts characters in and out around the common prefix and suffix', () => {
    expect(textDelta('hello world', 'hello brave world')).toEqual({ inserted: 6, deleted: 0 });
    expect(textDelta('abcdef', 'abXYef')).toEqual({ inserted: 2, deleted: 2 });
    expect(textDelta('aaa', 'aa')).toEqual({ inserted: 0, deleted: 1 });
    expect(textDelta('', 'new')).toEqual({ inserted: 3, deleted: 0 });
    expect(textDelta('same', 'same')).toEqual({ inserted: 0, deleted: 0 });
  });

  it('names a cell by its type and the first line of its text', () => {
    expect(describeCell(md('a', '# Results\n\nbody'), title)).toBe('Markdown: Results');
    expect(describeCell(table('t', []), title)).toBe('Runs table');
    expect(describeCell(md('a', `# ${'x'.repeat(60)}`), title)).toBe(`Markdown: ${'x'.repeat(47)}…`);
  });

  it('lists cells added, removed, changed (with keys) and moved', () => {
    const before = [md('a', '# Results\nold'), table('t', ['r1']), md('b', 'to remove'), md('c', 'stays')];
    const after = [md('c', 'stays'), md('a', '# Results\nnew text'), table('t', ['r1', 'r2']), md('n', '# Added')];
    const rows = versionChanges(before, after, title);
    expect(rows).toEqual([
      { kind: 'added', cellId: 'n', cell: 'Markdown: Added', detail: '' },
      { kind: 'removed', cellId: 'b', cell: 'Markdown: to remove', detail: '' },
      // 'old' → 'new text': common prefix '# Results\n', no common suffix ('d' vs 't').
      { kind: 'changed', cellId: 'a', cell: 'Markdown: Results', detail: 'source (+8 −3 characters)' },
      { kind: 'changed', cellId: 't', cell: 'Runs table', detail: 'selected' },
      { kind: 'moved', cellId: 'c', cell: 'Markdown: stays', detail: '' },
    ]);
  });

  it('says nothing for identical versions', () => {
    const cells = [md('a', 'x'), table('t', [])];
    expect(versionChanges(cells, cells, title)).toEqual([]);
  });
});
