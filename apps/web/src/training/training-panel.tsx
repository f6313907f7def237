'use client';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { errorText, Notice } from '../cells/shared/notice';
import { LiveRunChart } from './live-run-chart';
import { JOB_UPDATED, START_RUN, TRAINING_CHOICES, type JobData } from './queries';

/** Start a training run (a queued job for a worker) and watch its metrics arrive. */
export function TrainingPanel() {
  const [open, setOpen] = useState(false);
  return (
    <details className="training-panel" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Train a model</summary>
      {open ? <TrainingForm /> : null}
    </details>
  );
}

function TrainingForm() {
  const choices = useQuery(TRAINING_CHOICES);
  const [startRun, starting] = useMutation(START_RUN);
  const [job, setJob] = useState<JobData | null>(null);
  const [form, setForm] = useState({ datasetId: '', method: 'protopnet', epochs: 5, seed: 0, name: '' });
  const datasets = choices.data?.datasets ?? [];
  const methods = [...new Set((choices.data?.runs.edges ?? []).map((edge) => edge.node.method))].sort();
  const datasetId = form.datasetId || datasets[0]?.id || '';

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await startRun({
      variables: {
        input: { method: form.method, datasetId, epochs: form.epochs, seed: form.seed, ...(form.name ? { name: form.name } : {}) },
      },
    });
    if (result.data) setJob(result.data.startRun);
  }

  return (
    <div>
      <form className="training-form" onSubmit={onSubmit} data-testid="start-run-form">
        <label>
          dataset{' '}
          <select value={datasetId} onChange={(event) => setForm({ ...form, datasetId: event.target.value })}>
            {datasets.map((dataset) => (
              <option key={dataset.id} value={dataset.id}>
                {dataset.name ?? dataset.id} ({dataset.imageCount} images)
              </option>
            ))}
          </select>
        </label>
        <label>
          method{' '}
          <input list="known-methods" value={form.method} onChange={(event) => setForm({ ...form, method: event.target.value })} />
          <datalist id="known-methods">
            {methods.map((method) => (
              <option key={method} value={method} />
            ))}
          </datalist>
        </label>
        <label>
          epochs{' '}
          <input
            type="number"
            min={1}
            value={form.epochs}
            onChange={(event) => setForm({ ...form, epochs: Math.max(1, Number(event.target.value) || 1) })}
          />
        </label>
        <label>
          seed{' '}
          <input type="number" value={form.seed} onChange={(event) => setForm({ ...form, seed: Number(event.target.value) || 0 })} />
        </label>
        <label>
          name <input value={form.name} placeholder="optional" onChange={(event) => setForm({ ...form, name: event.target.value })} />
        </label>
        <button type="submit" disabled={starting.loading || !datasetId}>
          Start training
        </button>
      </form>
      {datasets.length === 0 && choices.data ? <p className="muted small">No dataset in the store yet: generate or import one first.</p> : null}
      {starting.error ? <Notice tone="error">Could not start the run: {errorText(starting.error)}</Notice> : null}
      {job ? <JobProgress job={job} /> : null}
    </div>
  );
}

function JobProgress({ job }: { job: JobData }) {
  const [latest, setLatest] = useState(job);
  useSubscription(JOB_UPDATED, {
    variables: { id: job.id },
    onData: ({ data }) => {
      if (data.data) setLatest(data.data.jobUpdated);
    },
  });
  return (
    <div className="job-progress">
      <p className="small">
        Job {latest.id}: {latest.status.toLowerCase()}
        {latest.progress !== null ? ` · ${Math.round(latest.progress * 100)} %` : ''}
        {latest.progressMessage ? ` · ${latest.progressMessage}` : ''}
      </p>
      {latest.error ? <Notice tone="error">{latest.error}</Notice> : null}
      {latest.runId ? <LiveRunChart runId={latest.runId} /> : <p className="muted small">Waiting for a worker to take the job…</p>}
    </div>
  );
}
