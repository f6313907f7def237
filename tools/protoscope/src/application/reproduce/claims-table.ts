import type { ClaimResult, ComparisonResult, FigureResult } from './claim-result';
import type { SeedInterval } from './seed-interval';
import type { ComparisonDirection } from './verdict';

/** The workbench address of a run. */
export const runUrl = (runId: string) => `/runs/${runId}`;

/** Text safe inside a Markdown table cell: no pipes or line breaks. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

const number = (value: number) => value.toFixed(3);

/** `0.912 [0.850, 0.974]`, or `0.912 (one seed: no interval)`. */
export function formatInterval(interval: SeedInterval): string {
  if (interval.lower === undefined || interval.upper === undefined) return `${number(interval.mean)} (one seed: no interval)`;
  return `${number(interval.mean)} [${number(interval.lower)}, ${number(interval.upper)}]`;
}

/** A figure with its label, interval, per-seed values and links to the runs it came from. */
export function formatFigure(figure: FigureResult): string {
  if (figure.runs.length === 0) return `${figure.label}: ${number(figure.interval.mean)} (target)`;
  const perSeed = figure.interval.values.map(number).join(', ');
  const links = figure.runs.map((run) => `[${run.id.slice(0, 8)}](${runUrl(run.id)})`).join(' ');
  return `${figure.label}: ${formatInterval(figure.interval)}; seeds ${perSeed}; runs ${links}`;
}

const RELATION: Record<ComparisonDirection, string> = { above: '>', below: '<', 'at-least': '≥' };

/** `A > B`, `A ≥ B − 0.05`. */
export function formatRelation(comparison: Pick<ComparisonResult, 'direction' | 'margin'> & { a: { label: string }; b: { label: string } }): string {
  const margin = comparison.margin ? ` − ${comparison.margin}` : '';
  return `${comparison.a.label} ${RELATION[comparison.direction]} ${comparison.b.label}${margin}`;
}

const seedList = (seeds: readonly number[]) => (seeds.length > 2 && seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1) ? `${seeds[0]}–${seeds.at(-1)}` : seeds.join(', '));

/** The claims table: one row per comparison, the claim's columns on its first row. */
export function claimsTable(results: readonly ClaimResult[]): string {
  const header = ['§', 'system', 'headline claim', 'setting (seeds)', 'comparison', 'our figure, mean [95 % t-interval over seeds]', 'compared with', 'verdict'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const result of results) {
    const claimCells = [result.claim.section, result.claim.system, result.claim.headline, `${result.setting.description} (seeds ${seedList(result.seeds)})`];
    if (result.comparisons.length === 0) {
      const cells = [...claimCells, '—', '—', '—', `**not available**: ${result.unavailable ?? 'no figures'}`];
      lines.push(`| ${cells.map(tableCell).join(' | ')} |`);
      continue;
    }
    for (const [index, comparison] of result.comparisons.entries()) {
      const cells = [
        ...(index === 0 ? claimCells : ['', '', '', '']),
        `${comparison.measure}: ${formatRelation(comparison)}`,
        formatFigure(comparison.a),
        formatFigure(comparison.b),
        `**${comparison.verdict}**`,
      ];
      lines.push(`| ${cells.map(tableCell).join(' | ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Σ over the claim's runs of start-to-finish training time, from the runs' records (shared runs count in every claim using them). */
export function trainingSeconds(runs: ClaimResult['runs']): number {
  return runs.reduce((sum, run) => sum + (run.startedAt && run.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : 0), 0);
}

/** One line per claim: its verdict, what it cost, and its key in the store. */
export function summaryTable(results: readonly ClaimResult[]): string {
  const lines = ['| claim | verdict | runs | training s (runs\' records) | wall s | CPU s | setting key |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of results) {
    const cost = r.computed ? [r.wallSeconds.toFixed(0), r.cpuSeconds.toFixed(0)] : ['(stored)', '(stored)'];
    lines.push(`| ${tableCell(`${r.claim.section} ${r.claim.id}`)} | ${r.verdict} | ${r.runs.length} | ${trainingSeconds(r.runs).toFixed(0)} | ${cost.join(' | ')} | ${r.claim.id}/${r.settingKey} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every run by claim, arm and seed, with its full id. */
export function runsList(results: readonly ClaimResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.runs.length === 0) continue;
    lines.push(`- ${r.claim.section} ${r.claim.id}: ${r.runs.map((run) => `[${run.name ?? run.method}](${runUrl(run.id)}) \`${run.id}\``).join(', ')}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '(none)\n';
}

export interface ClaimsDocumentInfo {
  command: string;
  generatedAt: Date;
  backend: string;
  /** Claims still to come when the document is written mid-way. */
  partial?: number;
}

/** The whole Markdown document: how it was made, the verdict rule, the table, the summary and the runs. */
export function claimsDocument(results: readonly ClaimResult[], info: ClaimsDocumentInfo): string {
  return [
    '# The seed systems\' claims, reproduced',
    '',
    `Generated by \`${info.command}\` on ${info.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, compute backend ${info.backend}. ` +
      'Each figure is the mean over seeds with its two-sided 95 % Student-t interval (t with n − 1 degrees of freedom, over the per-seed values), ' +
      'then the per-seed values and the runs it came from (`/runs/<id>` in the workbench; full ids below). ' +
      'Verdict: **holds** when the intervals are apart in the claimed direction, **does not hold** when they are apart the other way, ' +
      '**inconclusive** when they overlap (always with one seed), **not available** when the method is missing or a run failed; ' +
      'a claim holds when all its comparisons hold. The rule in full: [docs/reproduce.md](../docs/reproduce.md).',
    '',
    ...(info.partial ? [`**In progress**: ${info.partial} more claim${info.partial > 1 ? 's' : ''} to come.`, ''] : []),
    claimsTable(results),
    '## Per claim',
    '',
    'Training seconds: the claim\'s runs from start to finish as the store recorded them (on a shared machine: wall time under its load). ' +
      'Wall and CPU seconds: this invocation\'s, training and evaluation (CPU = user + system of the process, all its threads); "(stored)" when everything came from the store.',
    '',
    summaryTable(results),
    '## Runs',
    '',
    runsList(results),
  ].join('\n');
}
