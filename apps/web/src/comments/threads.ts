/**
 * Comment threads of a notebook as the page shows them: per cell, open threads first (oldest
 * first, as conversations are read), then the resolved ones.
 */
export interface CommentData {
  id: string;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface ThreadData {
  id: string;
  cellId: string;
  resolved: boolean;
  resolvedBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** Oldest first; the first one opened the thread. */
  comments: CommentData[];
}

export function threadsByCell(threads: readonly ThreadData[]): Map<string, ThreadData[]> {
  const byCell = new Map<string, ThreadData[]>();
  for (const thread of threads) byCell.set(thread.cellId, [...(byCell.get(thread.cellId) ?? []), thread]);
  for (const list of byCell.values()) {
    list.sort((a, b) => Number(a.resolved) - Number(b.resolved) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
  return byCell;
}

export function openThreadCount(threads: readonly ThreadData[] | undefined): number {
  return threads?.filter((thread) => !thread.resolved).length ?? 0;
}

export const MAX_COMMENT_LENGTH = 10_000;

/** Why a comment cannot be sent as typed, or null when it can. */
export function commentProblem(body: string): string | null {
  if (body.trim() === '') return 'Write something first.';
  if (body.length > MAX_COMMENT_LENGTH) return `A comment has at most ${MAX_COMMENT_LENGTH.toLocaleString('en')} characters (this one has ${body.length.toLocaleString('en')}).`;
  return null;
}

/** Whether a message of the live document's server says that comments changed (`{"type":"comments",…}`). */
export function isCommentsNotice(payload: string): boolean {
  try {
    const notice: unknown = JSON.parse(payload);
    return typeof notice === 'object' && notice !== null && (notice as { type?: unknown }).type === 'comments';
  } catch {
    return false;
  }
}
