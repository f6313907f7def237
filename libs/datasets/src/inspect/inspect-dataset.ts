import type { OpenedDataset } from '../manifest/manifest-file';
import { findPatientLeaks } from '../splits/patient-grouped-splits';

/** What `protoscope data inspect` reports about a dataset. */
export interface DatasetSummary {
  id: string;
  images: number;
  patients: number;
  perSplit: Record<string, number>;
  perView: Record<string, number>;
  perSource: Record<string, number>;
  /** Per task: class name → count (multi-label: images with that class positive). */
  perLabel: Record<string, Record<string, number>>;
  /** Per task: class name → fraction of labelled images. */
  classBalance: Record<string, Record<string, number>>;
  perLesionKind: Record<string, number>;
  imagesWithKeypoints: number;
  width: { min: number; max: number };
  height: { min: number; max: number };
  channels: number[];
  patientsInSeveralSplits: number;
  examplePaths: string[];
  notes: string[];
}

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

export function summariseDataset(dataset: OpenedDataset, examples = 5): DatasetSummary {
  const { manifest } = dataset;
  const s: DatasetSummary = {
    id: manifest.id,
    images: manifest.images.length,
    patients: new Set(manifest.images.map((r) => r.patientId)).size,
    perSplit: {},
    perView: {},
    perSource: {},
    perLabel: {},
    classBalance: {},
    perLesionKind: {},
    imagesWithKeypoints: 0,
    width: { min: Infinity, max: 0 },
    height: { min: Infinity, max: 0 },
    channels: [],
    patientsInSeveralSplits: findPatientLeaks(manifest.images).size,
    examplePaths: manifest.images.slice(0, examples).map((r) => (r.image.kind === 'file' ? r.image.path : `${r.image.path}[${r.image.index}]`)),
    notes: manifest.notes,
  };
  const channels = new Set<number>();
  const labelled: Record<string, number> = {};
  for (const r of manifest.images) {
    bump(s.perSplit, r.split ?? '(none)');
    bump(s.perView, r.view ?? '(none)');
    bump(s.perSource, r.source ?? '(none)');
    for (const l of r.lesions ?? []) bump(s.perLesionKind, l.kind);
    if (r.keypoints?.length) s.imagesWithKeypoints++;
    s.width.min = Math.min(s.width.min, r.width);
    s.width.max = Math.max(s.width.max, r.width);
    s.height.min = Math.min(s.height.min, r.height);
    s.height.max = Math.max(s.height.max, r.height);
    channels.add(r.channels);
    for (const [taskName, task] of Object.entries(manifest.tasks)) {
      const value = r.labels[taskName];
      if (value === undefined) continue;
      const counts = (s.perLabel[taskName] ??= Object.fromEntries(task.classes.map((c) => [c, 0])));
      bump(labelled, taskName);
      if (Array.isArray(value)) value.forEach((v, k) => v === 1 && bump(counts, task.classes[k]!));
      else bump(counts, task.classes[value] ?? String(value));
    }
  }
  for (const [taskName, counts] of Object.entries(s.perLabel)) {
    s.classBalance[taskName] = Object.fromEntries(Object.entries(counts).map(([c, n]) => [c, n / (labelled[taskName] || 1)]));
  }
  if (s.images === 0) s.width = s.height = { min: 0, max: 0 };
  s.channels = [...channels].sort();
  return s;
}

function table(title: string, counts: Record<string, number>, total?: number): string[] {
  const entries = Object.entries(counts);
  if (entries.length === 0) return [];
  const width = Math.max(...entries.map(([k]) => k.length));
  return [
    `${title}:`,
    ...entries.map(([k, n]) => `  ${k.padEnd(width)}  ${String(n).padStart(7)}${total ? `  ${((100 * n) / total).toFixed(1).padStart(5)} %` : ''}`),
  ];
}

/** Human-readable text of a summary. */
export function formatDatasetSummary(s: DatasetSummary): string {
  const lines = [
    `dataset ${s.id}: ${s.images} images, ${s.patients} patients`,
    `image size: ${s.width.min}–${s.width.max} × ${s.height.min}–${s.height.max} px, channels ${s.channels.join('/')}`,
    ...table('split', s.perSplit, s.images),
    ...table('view', s.perView, s.images),
    ...table('source', s.perSource, s.images),
  ];
  for (const [task, counts] of Object.entries(s.perLabel)) lines.push(...table(`labels '${task}' (class balance)`, counts, Object.values(counts).reduce((a, b) => a + b, 0)));
  lines.push(...table('lesions', s.perLesionKind));
  if (s.imagesWithKeypoints) lines.push(`images with keypoints: ${s.imagesWithKeypoints}`);
  lines.push(s.patientsInSeveralSplits === 0 ? 'patient grouping: no patient in two splits' : `WARNING: ${s.patientsInSeveralSplits} patients appear in several splits`);
  lines.push('examples:', ...s.examplePaths.map((p) => `  ${p}`));
  if (s.notes.length) lines.push('notes:', ...s.notes.map((n) => `  ${n}`));
  return `${lines.join('\n')}\n`;
}
