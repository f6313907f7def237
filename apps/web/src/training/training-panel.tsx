'use client';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { errorText, Notice } from '../cells/shared/notice';
import { LiveRunChart } from './live-run-chart';
import { parseConfigText } from './method-config';
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
  // Epochs as `protoscope train` defaults them: every method's default schedule fits (and pushes) in 10.
  const [form, setForm] = useState({ datasetId: '', method: 'protopnet', epochs: 10, seed: 0, name: '', config: '' });
  const datasets = choices.data?.datasets ?? [];
  // Every registered method, with or without runs.
  const methods = choices.data?.methods ?? [];
  const chosen = methods.find((method) => method.id === form.method);
  const datasetId = form.datasetId || datasets[0]?.id || '';
  const config = parseConfigText(form.config);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (config.error) return;
    const result = await startRun({
      variables: {
        input: {
          method: form.method,
          datasetId,
          epochs: form.epochs,
          seed: form.seed,
          ...(form.name ? { name: form.name } : {}),
          ...(config.config ? { config: config.config } : {}),
        },
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
          <select value={form.method} data-testid="start-run-method" onChange={(event) => setForm({ ...form, method: event.target.value })}>
            {methods.map((method) => (
              <option key={method.id} value={method.id}>
                {method.id} — {method.title}
              </option>
            ))}
          </select>
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
        <button type="submit" disabled={starting.loading || !datasetId || Boolean(config.error)}>
          Start training
        </button>
        <details className="method-settings">
          <summary>settings{chosen?.inputs === 'view-pair' ? ' (trains on CC/MLO pairs)' : ''}</summary>
          <label className="small">
            config (JSON; empty = the defaults below){' '}
            <textarea rows={3} value={form.config} placeholder='{"learningRates": {"backbone": 0.001}}' onChange={(event) => setForm({ ...form, config: event.target.value })} />
          </label>
          {config.error ? <Notice tone="error">{config.error}</Notice> : null}
          {chosen?.defaults ? <pre className="small" data-testid="method-defaults">{JSON.stringify(chosen.defaults, null, 2)}</pre> : null}
          {chosen?.defaultsNote ? <p className="muted small">{chosen.defaultsNote}</p> : null}
        </details>
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
