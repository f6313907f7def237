'use client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { TRAINING_CHOICES } from '../../training/queries';
import type { EditorProps } from '../module';
import { errorText, Notice } from '../shared/notice';
import { CREATE_SWEEP, SWEEP_LIST } from './queries';
import type { SweepSpec } from './cell-spec';
import { DEFAULT_SWEEP_FORM, sweepInputOf, type SweepForm } from './start-sweep-form';

/** Pick a sweep, or start one (its controller queues the trials for the workers). */
export function SweepEditor({ spec, onChange }: EditorProps<SweepSpec>) {
  const list = useQuery(SWEEP_LIST);
  return (
    <>
      <div className="editor-row">
        <label>
          sweep{' '}
          <select value={spec.sweepId} onChange={(event) => onChange({ ...spec, sweepId: event.target.value, selected: [] })}>
            <option value="">—</option>
            {(list.data?.sweeps ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name ?? s.id.slice(0, 8)} ({s.strategy.toLowerCase()}, {s.method}, {s.state.toLowerCase()})
              </option>
            ))}
          </select>
        </label>
      </div>
      <StartSweep onStarted={(sweepId) => onChange({ ...spec, sweepId, selected: [] })} />
    </>
  );
}

function StartSweep({ onStarted }: { onStarted(id: string): void }) {
  const choices = useQuery(TRAINING_CHOICES);
  const [createSweep, creating] = useMutation(CREATE_SWEEP);
  const [form, setForm] = useState<SweepForm>(DEFAULT_SWEEP_FORM);
  const [problem, setProblem] = useState<string | null>(null);
  const datasets = choices.data?.datasets ?? [];
  const datasetId = form.datasetId || datasets[0]?.id || '';
  const set = (patch: Partial<SweepForm>) => setForm({ ...form, ...patch });
  const number = (value: string) => Math.max(1, Math.floor(Number(value) || 1));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    let input;
    try {
      input = sweepInputOf({ ...form, datasetId });
    } catch (error) {
      setProblem(errorText(error));
      return;
    }
    setProblem(null);
    const result = await createSweep({ variables: { input } });
    if (result.data) onStarted(result.data.createSweep.id);
  }

  return (
    <details className="sweep-start">
      <summary>Start a sweep</summary>
      <form className="training-form" onSubmit={onSubmit} data-testid="start-sweep-form">
        <label>
          dataset{' '}
          <select value={datasetId} onChange={(event) => set({ datasetId: event.target.value })}>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name ?? d.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          method{' '}
          <select value={form.method} onChange={(event) => set({ method: event.target.value })}>
            {(choices.data?.methods ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          strategy{' '}
          <select value={form.strategy} onChange={(event) => set({ strategy: event.target.value as SweepForm['strategy'] })}>
            <option value="GRID">grid</option>
            <option value="RANDOM">random</option>
            <option value="ASHA">ASHA</option>
          </select>
        </label>
        <label>
          max parallel <input type="number" min={1} value={form.maxParallel} onChange={(event) => set({ maxParallel: number(event.target.value) })} />
        </label>
        {form.strategy !== 'GRID' ? (
          <label>
            trials <input type="number" min={1} value={form.budget} onChange={(event) => set({ budget: number(event.target.value) })} />
          </label>
        ) : null}
        <label>
          {form.strategy === 'ASHA' ? 'max epochs' : 'epochs'} <input type="number" min={1} value={form.epochs} onChange={(event) => set({ epochs: number(event.target.value) })} />
        </label>
        {form.strategy === 'ASHA' ? (
          <>
            <label>
              min epochs <input type="number" min={1} value={form.minEpochs} onChange={(event) => set({ minEpochs: number(event.target.value) })} />
            </label>
            <label>
              η <input type="number" min={2} value={form.eta} onChange={(event) => set({ eta: Math.max(2, number(event.target.value)) })} />
            </label>
          </>
        ) : null}
        <label>
          metric <input value={form.metric} onChange={(event) => set({ metric: event.target.value })} />
        </label>
        <label>
          <select value={form.mode} onChange={(event) => set({ mode: event.target.value as SweepForm['mode'] })}>
            <option value="MAX">higher is better</option>
            <option value="MIN">lower is better</option>
          </select>
        </label>
        <label>
          name <input value={form.name} onChange={(event) => set({ name: event.target.value })} />
        </label>
        <label className="wide">
          space (JSON) <textarea rows={4} value={form.space} onChange={(event) => set({ space: event.target.value })} />
        </label>
        <label className="wide">
          base config (JSON) <textarea rows={2} value={form.config} placeholder="the method's defaults" onChange={(event) => set({ config: event.target.value })} />
        </label>
        <button type="submit" disabled={creating.loading || !datasetId}>
          Start sweep
        </button>
      </form>
      {problem ? <Notice tone="error">{problem}</Notice> : null}
      {creating.error ? <Notice tone="error">{errorText(creating.error)}</Notice> : null}
    </details>
  );
}
