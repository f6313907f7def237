'use client';
import { useMutation, useQuery } from '@apollo/client/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorText, Notice } from '../cells/shared/notice';
import { CREATE_NOTEBOOK, NOTEBOOKS } from './queries';

export function NotebookList() {
  const router = useRouter();
  const { data, loading, error } = useQuery(NOTEBOOKS);
  const [createNotebook, creation] = useMutation(CREATE_NOTEBOOK);
  const [title, setTitle] = useState('');

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    const result = await createNotebook({ variables: { title: title.trim() || 'Untitled notebook' } });
    if (result.data) router.push(`/notebooks/${encodeURIComponent(result.data.createNotebook.id)}`);
  }

  return (
    <section data-testid="notebook-list">
      <h1>Notebooks</h1>
      <form className="inline-form" onSubmit={onCreate}>
        <input
          aria-label="New notebook title"
          placeholder="New notebook title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <button type="submit" disabled={creation.loading}>
          Create notebook
        </button>
      </form>
      {creation.error ? <Notice tone="error">Could not create the notebook: {errorText(creation.error)}</Notice> : null}
      {error ? <Notice tone="error">Could not reach the GraphQL server: {errorText(error)}</Notice> : null}
      {loading && !data ? <p className="muted">Loading…</p> : null}
      {data && data.notebooks.length === 0 ? <p className="muted">No notebooks yet.</p> : null}
      <ul className="notebook-list">
        {data?.notebooks.map((notebook) => (
          <li key={notebook.id}>
            <Link href={`/notebooks/${encodeURIComponent(notebook.id)}`}>{notebook.title}</Link>{' '}
            <span className="muted">
              {notebook.cells.length} cells · updated {new Date(notebook.updatedAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
