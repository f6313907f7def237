#!/usr/bin/env node
// The table of defaults-auc.sh: per data set and method, val AUC at the last epoch (after the final
// push for the pushing methods), the best epoch's (1-based), wall seconds and the load average.
// Usage: defaults-table.mjs WORKDIR
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'bench/results/defaults';
const lastLine = (file) => JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1));
console.log('| set | method | val AUC (last epoch) | best (epoch) | s | load average (1/5/15 min) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const name of readdirSync(dir).filter((f) => f.endsWith('.time.json')).sort()) {
  const time = lastLine(join(dir, name));
  const runFile = join(dir, name.replace('.time.json', '.json'));
  const run = existsSync(runFile) && readFileSync(runFile, 'utf8').trim() ? lastLine(runFile) : undefined;
  const last = run?.metrics?.['val/auc'];
  const best = run?.best ? `${run.best.value.toFixed(3)} (${run.best.epoch + 1})` : '';
  console.log(`| ${time.set} | ${time.method} | ${last === undefined ? 'failed: see ' + name.replace('.time.json', '.log') : last.toFixed(3)} | ${best} | ${Math.round(time.seconds)} | ${time.loadAverage} |`);
}
