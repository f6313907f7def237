import fs from 'node:fs';
import path from 'node:path';
import { describeEngine, initEngine } from '@protoscope/engine';
import { openStore } from '@protoscope/tracking';
import { UserFacingError } from '../../user-facing-error';
import type { ArmContext } from './arm-runs';
import type { Claim, Scale } from './claim';
import { reproduceClaim, type ClaimResult } from './claim-result';
import { CLAIMS, claimIds } from './claims';
import { claimsDocument } from './claims-table';
import { claimsNotebookCells, writeClaimsNotebook } from './claims-notebook';

export interface ReproduceOptions {
  scale: Scale;
  /** Number of seeds (1, 2, … N); default 2 for quick and micro, 5 for full. */
  seeds?: number;
  store?: string;
  /** The Markdown file written (default reproduce/claims.md). */
  out: string;
  /** Claim ids; default all. */
  only?: readonly string[];
  /** Where generated datasets are kept. */
  dataDir: string;
  /** The command line, recorded in the Markdown. */
  command: string;
  log?: (message: string) => void;
  claims?: readonly Claim[];
}

export interface ReproduceResult {
  results: ClaimResult[];
  markdown: string;
  notebookCreated: boolean;
}

/** Written whole or not at all (temporary file + rename). */
function writeMarkdown(file: string, markdown: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, markdown);
  fs.renameSync(temporary, file);
}

export const defaultSeeds = (scale: Scale) => (scale === 'full' ? 5 : 2);

/** The claims named by `--only`, in the order given (all: the registry's order); unknown ids are refused with the list. */
export function selectClaims(only: readonly string[] | undefined, claims: readonly Claim[] = CLAIMS): Claim[] {
  if (!only) return [...claims];
  const unknown = only.filter((id) => !claims.some((c) => c.id === id));
  if (unknown.length) throw new UserFacingError(`--only: unknown claim${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (claims: ${claims.map((c) => c.id).join(', ')})`);
  return [...new Set(only)].map((id) => claims.find((c) => c.id === id)!);
}

/**
 * `protoscope reproduce`: each claim's runs and evaluations (trained and evaluated where the store
 * lacks them, so a re-run resumes), figures over seeds with their intervals, verdicts; then the
 * Markdown table and the notebook `claims`.
 */
export async function reproduce(options: ReproduceOptions): Promise<ReproduceResult> {
  const log = options.log ?? (() => undefined);
  const claims = selectClaims(options.only, options.claims ?? CLAIMS);
  const seedCount = options.seeds ?? defaultSeeds(options.scale);
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const engine = await initEngine();
  const store = await openStore(options.store);
  try {
    const context: ArmContext = { store, storeUrl: options.store, dataDir: options.dataDir, log };
    const info = () => ({ command: options.command, generatedAt: new Date(), backend: describeEngine(engine).replace(/^protoscope: compute backend /, '') });
    const results: ClaimResult[] = [];
    for (const [index, claim] of claims.entries()) {
      const step = `[${index + 1}/${claims.length}] ${claim.id}`;
      const stored = await reproduceClaim(context, claim, { scale: options.scale, seeds, readOnly: true }).catch(() => undefined);
      if (stored && stored.verdict !== 'not available') {
        log(`${step}: complete in the store (setting ${stored.settingKey}), skipped: ${stored.verdict}`);
        results.push(stored);
        continue;
      }
      log(`${step}: ${claim.system} — ${options.scale}, seeds ${seeds.join(', ')}`);
      const result = (await reproduceClaim(context, claim, { scale: options.scale, seeds }))!;
      const why = result.unavailable ? ` (${result.unavailable})` : '';
      log(`${step}: ${result.verdict}${why} in ${result.wallSeconds.toFixed(0)} s (CPU ${result.cpuSeconds.toFixed(0)} s)`);
      results.push(result);
      // The table so far, so that a long invocation that is stopped leaves the claims it finished.
      if (index < claims.length - 1) writeMarkdown(options.out, claimsDocument(results, { ...info(), partial: claims.length - results.length }));
    }
    const markdown = claimsDocument(results, info());
    writeMarkdown(options.out, markdown);
    const { created } = await writeClaimsNotebook(store, claimsNotebookCells(markdown, results));
    log(`wrote ${options.out}; notebook 'claims' ${created ? 'created' : 'updated'}`);
    return { results, markdown, notebookCreated: created };
  } finally {
    await store.close();
  }
}

export { claimIds };
