import { commentProblem, isCommentsNotice, openThreadCount, threadsByCell, type ThreadData } from './threads';

function thread(id: string, cellId: string, resolved: boolean, createdAt: string): ThreadData {
  return { id, cellId, resolved, resolvedBy: resolved ? 'ada' : null, createdAt, updatedAt: createdAt, comments: [] };
}

describe('comment threads', () => {
  it('groups by cell, open threads before resolved ones, oldest first', () => {
    const byCell = threadsByCell([
      thread('t1', 'c1', true, '2026-01-01T10:00:00.000Z'),
      thread('t2', 'c2', false, '2026-01-01T11:00:00.000Z'),
      thread('t3', 'c1', false, '2026-01-01T12:00:00.000Z'),
      thread('t4', 'c1', false, '2026-01-01T09:00:00.000Z'),
    ]);
    expect(byCell.get('c1')!.map((t) => t.id)).toEqual(['t4', 't3', 't1']);
    expect(byCell.get('c2')!.map((t) => t.id)).toEqual(['t2']);
    expect(openThreadCount(byCell.get('c1'))).toBe(2);
    expect(openThreadCount(byCell.get('c3'))).toBe(0);
  });

  it('refuses empty and overlong comments with a reason', () => {
    expect(commentProblem('  \n ')).toBe('Write something first.');
    expect(commentProblem('x'.repeat(10_001))).toBe('A comment has at most 10,000 characters (this one has 10,001).');
    expect(commentProblem('Looks right')).toBeNull();
  });

  it('recognises the server’s notice that comments changed', () => {
    expect(isCommentsNotice('{"type":"comments","threadId":"t1","cellId":"c1"}')).toBe(true);
    expect(isCommentsNotice('{"type":"other"}')).toBe(false);
    expect(isCommentsNotice('not json')).toBe(false);
    expect(isCommentsNotice('null')).toBe(false);
  });
});
