import path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { openDataset } from '@protoscope/datasets';
import { openStore, type Store } from '@protoscope/tracking';
import { EvaluationContext } from '../evaluate/evaluation-context';
import { shortcutSuite } from '../evaluate/suites/shortcut-suite';
import { format } from '../evaluate/suites/suite';
import { loadRun, resolveRun } from '../runs/load-run';
import { selectedImageSet } from '../runs/select-images';
import { trainRun } from '../train/train-run';
import { UserFacingError } from '../../user-facing-error';
import { writePrevalenceBalancedSubset } from './prevalence-balanced-subset';

export interface ShortcutAuditOptions {
  /** The multi-source dataset folder (every image with a source; sites with a marker square for the relevance share). */
  data: string;
  /** Audit this run; without it a run is trained on `data` first. */
  runId?: string;
  /** Method and settings of the run trained when no run is given (default `protopnet`, its defaults). */
  method?: string;
  methodConfig?: object;
  epochs?: number;
  seed?: number;
  batchSize?: number;
  store?: string;
  /**
   * When training (no `runId`): also write the prevalence-balanced subset of `data` to this folder
   * (default `<data>-prevalence-balanced`), train the same method on it and audit that run too;
   * `false` skips it.
   */
  balancedOut?: string | false;
  log?: (message: string) => void;
}

/** How much of a method's relevance falls on the site signature's marker square. */
export interface SignatureRelevance {
  /** Mean over images of Σ|relevance| inside the square / Σ|relevance|. */
  share: number;
  /** Mean of the square's share of the image's area: what a map blind to the square would give. */
  areaShare: number;
  /** share / areaShare (1 = no more than chance). */
  enrichment: number;
  /** The mean share per site. */
  perSite: Record<string, number>;
  images: number;
}

/** The audit of one run on one dataset. */
export interface RunAudit {
  runId: string;
  trained: boolean;
  step: number;
  data: string;
  images: number;
  /** The shortcut suite's metrics plus `signatureRelevance` (explainer id → share) — the stored evaluation's metrics. */
  metrics: Record<string, unknown>;
  relevance: Record<string, SignatureRelevance>;
  notes: string[];
}

export interface ShortcutAuditResult extends RunAudit {
  /** The same audit of a run trained on the prevalence-balanced subset (when this audit trained). */
  balanced?: RunAudit & { perSite: Record<string, number> };
  /** A Markdown report a reviewer can read. */
  report: string;
}

/** The marker square of each record, in the record's own pixels, from its attributes (cxr-multisource writes them). */
function markerBoxes(data: string): Map<string, { x: number; y: number; side: number; width: number; height: number }> {
  const boxes = new Map<string, { x: number; y: number; side: number; width: number; height: number }>();
  for (const record of openDataset(path.resolve(data)).manifest.images) {
    const { markerX, markerY, markerSide } = record.attributes ?? {};
    if (typeof markerX === 'number' && typeof markerY === 'number' && typeof markerSide === 'number') {
      boxes.set(record.id, { x: markerX, y: markerY, side: markerSide, width: record.width, height: record.height });
    }
  }
  return boxes;
}

/** The region of a marker square on a map of the model's input size (scaled from the record's pixels). */
function regionOnMap(box: { x: number; y: number; side: number; width: number; height: number }, height: number, width: number): Uint8Array {
  const region = new Uint8Array(height * width);
  const [sx, sy] = [width / box.width, height / box.height];
  const [x0, x1] = [Math.floor(box.x * sx), Math.ceil((box.x + box.side) * sx)];
  const [y0, y1] = [Math.floor(box.y * sy), Math.ceil((box.y + box.side) * sy)];
  for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) region[y * width + x] = 1;
  return region;
}

/** Share of |map| inside `region` (null for an all-zero map). */
export function absoluteShareInside(map: Float32Array, region: Uint8Array): number | null {
  let inside = 0;
  let total = 0;
  map.forEach((v, i) => {
    const a = Math.abs(v);
    total += a;
    if (region[i]) inside += a;
  });
  return total > 0 ? inside / total : null;
}

async function signatureRelevance(context: EvaluationContext, method: string, boxes: ReturnType<typeof markerBoxes>): Promise<SignatureRelevance | undefined> {
  const { items, height, width } = context.images;
  const heatmaps = await context.heatmaps(method, 'predicted');
  const shares: number[] = [];
  const areas: number[] = [];
  const bySite = new Map<string, number[]>();
  items.forEach((item, i) => {
    const box = boxes.get(item.id);
    if (!box) return;
    const region = regionOnMap(box, height, width);
    const share = absoluteShareInside(heatmaps.maps[i]!, region);
    if (share === null) return;
    shares.push(share);
    areas.push(region.reduce((s, v) => s + v, 0) / region.length);
    const site = item.source ?? 'unknown';
    bySite.set(site, [...(bySite.get(site) ?? []), share]);
  });
  if (shares.length === 0) return undefined;
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const perSite = Object.fromEntries([...bySite].sort(([a], [b]) => a.localeCompare(b)).map(([site, values]) => [site, mean(values)]));
  return { share: mean(shares), areaShare: mean(areas), enrichment: mean(shares) / mean(areas), perSite, images: shares.length };
}

function auditReport(audits: Array<{ title: string; audit: RunAudit }>): string {
  const value = (audit: RunAudit, key: string) => format(audit.metrics[key] as number);
  const sites = [...new Set(audits.flatMap(({ audit }) => ((audit.metrics['perSiteAuc'] as Array<{ site: string }> | undefined) ?? []).map((s) => s.site)))];
  const siteAuc = (audit: RunAudit, site: string) => format(((audit.metrics['perSiteAuc'] as Array<{ site: string; auc: number | null }> | undefined) ?? []).find((s) => s.site === site)?.auc);
  const methods = [...new Set(audits.flatMap(({ audit }) => Object.keys(audit.relevance)))];
  const relevance = (audit: RunAudit, method: string) => {
    const r = audit.relevance[method];
    return r ? `${format(r.share)} (×${format(r.enrichment, 2)})` : '–';
  };
  const row = (measure: string, cell: (audit: RunAudit) => string, reading: string) => `| ${measure} | ${audits.map(({ audit }) => cell(audit)).join(' | ')} | ${reading} |`;
  const lines = [
    `# Shortcut audit`,
    '',
    ...audits.map(({ title, audit }) => `- ${title}: run ${audit.runId}${audit.trained ? ' (trained for this audit)' : ''}, checkpoint step ${audit.step}, ${audit.images} images of ${audit.data}.`),
    '',
    `| measure | ${audits.map(({ title }) => title).join(' | ')} | reading |`,
    `| --- | ${audits.map(() => '---').join(' | ')} | --- |`,
    row('site AUC from features', (a) => value(a, 'siteAuc'), '0.5: the features do not tell the sites apart; 1: they do perfectly'),
    ...sites.map((site) => row(`AUC within ${site}`, (a) => siteAuc(a, site), 'the pathology, with the site held fixed')),
    row('prevalence-balanced AUC', (a) => value(a, 'balancedAuc'), 'every site re-weighted to one prevalence; well below the per-site AUCs = the ranking leans on the site'),
    row('pixel-shuffled AUC', (a) => value(a, 'shuffledAuc'), 'what the intensity distribution alone gives (acquisition, not anatomy)'),
    row('shortcut estimate', (a) => value(a, 'shortcutEstimate'), 'P_source − P_shuffled + 0.5: the AUC left once acquisition is discounted'),
    ...methods.map((method) =>
      row(`${method} relevance on the site marker`, (a) => relevance(a, method), 'share of absolute relevance on the marker square (× its area share; ×1 = no more than its area)'),
    ),
  ];
  const notes = audits.flatMap(({ title, audit }) => audit.notes.map((n) => `- ${title}: ${n}`));
  if (notes.length) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}

/**
 * `protoscope audit shortcut`: trains (or takes) a model on multi-source data and reports whether it
 * reads the site instead of the pathology — the shortcut suite's numbers (site predictability from
 * features, per-site and prevalence-balanced AUC, the pixel-shuffle estimate) and how much of PRP's
 * and the prototype activation's relevance lies on the generator's site-signature square — as a
 * Markdown report and one evaluation `shortcut-audit` of the run in the store. When it trains, it
 * then does the same on the prevalence-balanced subset of the data, so the report compares the two.
 */
export async function auditShortcut(options: ShortcutAuditOptions): Promise<ShortcutAuditResult> {
  await initEngine();
  const log = options.log ?? (() => undefined);
  const boxes = markerBoxes(options.data);
  let runId = options.runId;
  let trained = false;
  if (!runId) {
    log(`training ${options.method ?? 'protopnet'} on ${options.data}…`);
    const result = await trainRun(trainingSettings(options));
    runId = result.runId;
    trained = true;
  }
  let balanced: ShortcutAuditResult['balanced'];
  let balancedRunId: string | undefined;
  let perSite: Record<string, number> = {};
  const balancedData = options.balancedOut === false ? undefined : (options.balancedOut ?? `${path.resolve(options.data)}-prevalence-balanced`);
  if (trained && balancedData) {
    perSite = writePrevalenceBalancedSubset(options.data, balancedData).perSite;
    log(`training ${options.method ?? 'protopnet'} on the prevalence-balanced subset ${balancedData}…`);
    balancedRunId = (await trainRun({ ...trainingSettings(options), data: balancedData })).runId;
  }
  const store = await openStore(options.store);
  try {
    const audit = await auditWithStore(store, { ...options, runId }, trained, boxes, log);
    if (balancedRunId && balancedData) {
      balanced = { ...(await auditWithStore(store, { ...options, data: balancedData, runId: balancedRunId }, true, boxes, log)), perSite };
    }
    const audits = [{ title: 'as given', audit }, ...(balanced ? [{ title: 'prevalence balanced', audit: balanced }] : [])];
    return { ...audit, balanced, report: auditReport(audits) };
  } finally {
    await store.close();
  }
}

function trainingSettings(options: ShortcutAuditOptions): Parameters<typeof trainRun>[0] & { data: string } {
  return {
    data: options.data,
    epochs: options.epochs ?? 6,
    seed: options.seed ?? 0,
    batchSize: options.batchSize ?? 16,
    augment: false,
    store: options.store,
    method: options.method ?? 'protopnet',
    methodConfig: options.methodConfig ?? {},
  };
}

async function auditWithStore(
  store: Store,
  options: ShortcutAuditOptions & { runId: string },
  trained: boolean,
  boxes: ReturnType<typeof markerBoxes>,
  log: (message: string) => void,
): Promise<RunAudit> {
  const run = await resolveRun(store, options.runId);
  const loaded = await loadRun(store, run.id, 'latest');
  try {
    const ownData = path.resolve(loaded.settings.data) === path.resolve(options.data);
    const manifest = openDataset(path.resolve(options.data)).manifest;
    const classes = manifest.tasks[manifest.primaryTask]?.classes ?? [];
    if (classes.join('\u0000') !== loaded.classes.join('\u0000')) {
      throw new UserFacingError(`${options.data} has classes [${classes.join(', ')}], run ${run.id} was trained on [${loaded.classes.join(', ')}]`);
    }
    // The run's held-out split when it was trained on this data; otherwise every image of it.
    const hasVal = manifest.images.some((r) => r.split === 'val');
    const split = ownData && hasVal ? 'val' : 'all';
    const selection = split === 'val' ? { split } : { all: true as const };
    const images = selectedImageSet({ data: options.data, selection, size: loaded.inputShape[0], channels: loaded.inputShape[2] as 1 | 3, batchSize: options.batchSize ?? 16 });
    const context = new EvaluationContext(store, loaded, images, [], split, options.seed ?? 0, log);
    const suite = await shortcutSuite.run(context);
    const notes = [...(suite.notes ?? [])];
    const relevance: Record<string, SignatureRelevance> = {};
    if (boxes.size === 0) notes.push('relevance on the site signature: the data names no marker square (record attributes markerX, markerY, markerSide)');
    else if (!context.explainable.hooks?.prototypes) notes.push(`relevance on the site signature: PRP and prototype maps need a prototype model; ${loaded.run.method} has none`);
    else {
      for (const method of ['prp', 'prototypes']) {
        const found = await signatureRelevance(context, method, boxes);
        if (found) relevance[method] = found;
      }
    }
    const metrics: Record<string, unknown> = { ...suite.metrics, signatureRelevance: relevance, data: options.data, images: images.items.length, trained };
    await store.evaluations.save(loaded.run.id, { name: 'shortcut-audit', split, step: loaded.checkpoint.step, metrics });
    return { runId: loaded.run.id, trained, step: loaded.checkpoint.step, data: options.data, images: images.items.length, metrics, relevance, notes };
  } finally {
    loaded.model.dispose();
  }
}
