'use client';
import type { ReactNode } from 'react';
import type { RunPageRun } from './queries';
import { RunLink } from './run-link';
import { durationText, sweepIdOf } from './run-summary';
import { SweepTrialFact } from './sweep-trial-fact';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : null);

/** Name, id and the facts a run is recognised by: method, dataset, status, backend, seed, times, tags, sweep trial. */
export function RunHeader({ run }: { run: RunPageRun }) {
  const sweepId = sweepIdOf(run.tags);
  const facts: [string, ReactNode][] = [
    ['id', <code key="id">{run.id}</code>],
    ['method', run.method],
    ['dataset', run.dataset ? (run.dataset.name ?? run.dataset.id) : (run.datasetId ?? '—')],
    ['status', <span key="status" data-testid="run-status">{run.status.toLowerCase()}</span>],
    ['backend', run.backend ?? '—'],
    ['seed', run.seed ?? '—'],
    ['created', when(run.createdAt)],
    ['started', when(run.startedAt) ?? '—'],
    ['finished', when(run.finishedAt) ?? '—'],
    ['took', durationText(run.startedAt, run.finishedAt) ?? '—'],
    ['tags', run.tags.length > 0 ? run.tags.join(', ') : '—'],
  ];
  if (sweepId) facts.push(['sweep', <SweepTrialFact key="sweep" sweepId={sweepId} runId={run.id} />]);
  if (run.gitCommit) facts.push(['git commit', <code key="git">{run.gitCommit}</code>]);
  if (run.parent) facts.push(['parent', <RunLink key="parent" run={run.parent} />]);
  if (run.resumeOf) facts.push(['resumes', <RunLink key="resumes" run={run.resumeOf} />]);
  return (
    <header data-testid="run-header">
      <p className="small">
        <a href="/">← Notebooks</a>
      </p>
      <h1 data-testid="run-name">{run.name ?? run.id}</h1>
      <table className="data" data-testid="run-facts">
        <tbody>
          {facts.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </header>
  );
}
