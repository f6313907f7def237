'use client';
import { useState, type FormEvent } from 'react';
import { Notice } from '../cells/shared/notice';
import { commentProblem, type ThreadData } from './threads';
import type { CommentThreadsApi } from './use-comment-threads';

/** The comment threads of one cell: start one, reply, resolve, reopen. Everyone sees changes live. */
export function CommentThreads({ cellId, threads }: { cellId: string; threads: CommentThreadsApi }) {
  const list = threads.byCell.get(cellId) ?? [];
  return (
    <section data-testid="comment-threads" data-cell-id={cellId} aria-label="Comments">
      {threads.error ? <Notice tone="error">{threads.error}</Notice> : null}
      {list.length === 0 ? <p className="muted small">No comments on this cell yet.</p> : null}
      {list.map((thread) => (
        <Thread key={thread.id} thread={thread} threads={threads} />
      ))}
      <CommentForm placeholder="Start a thread on this cell…" submitLabel="Comment" testId="new-thread" onSubmit={(body) => threads.start(cellId, body)} />
    </section>
  );
}

function Thread({ thread, threads }: { thread: ThreadData; threads: CommentThreadsApi }) {
  return (
    <div className={`thread${thread.resolved ? ' thread-resolved' : ''}`} data-testid="comment-thread" data-thread-id={thread.id} data-resolved={thread.resolved}>
      {thread.comments.map((comment) => (
        <div key={comment.id} className="comment" data-testid="comment">
          <div className="comment-meta">
            <strong>{comment.authorName}</strong> · {new Date(comment.createdAt).toLocaleString()}
          </div>
          <div className="comment-body">{comment.body}</div>
        </div>
      ))}
      {thread.resolved ? (
        <div className="comment-meta">
          Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy}` : ''}.{' '}
          <button type="button" onClick={() => threads.reopen(thread.id)}>
            Reopen
          </button>
        </div>
      ) : (
        <>
          <CommentForm placeholder="Reply…" submitLabel="Reply" testId="reply" onSubmit={(body) => threads.reply(thread.id, body)} />
          <button type="button" onClick={() => threads.resolve(thread.id)}>
            Resolve
          </button>
        </>
      )}
    </div>
  );
}

function CommentForm(props: { placeholder: string; submitLabel: string; testId: string; onSubmit(body: string): Promise<boolean> }) {
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const reason = commentProblem(body);
    setProblem(reason);
    if (reason) return;
    setSending(true);
    const sent = await props.onSubmit(body.trim());
    setSending(false);
    if (sent) setBody('');
  }
  return (
    <form className="comment-form" onSubmit={(event) => void submit(event)} data-testid={props.testId}>
      <textarea aria-label={props.placeholder} placeholder={props.placeholder} value={body} rows={1} onChange={(event) => setBody(event.target.value)} />
      <button type="submit" disabled={sending}>
        {props.submitLabel}
      </button>
      {problem ? <span className="notice notice-error small">{problem}</span> : null}
    </form>
  );
}
