#!/usr/bin/env node
// The table of protopnet-seeds.sh: per method, data set and training seed, val AUC at the last epoch
// (after the final push), the best epoch's (1-based), wall seconds and the load average; then per
// method and data set the lowest last-epoch AUC over the seeds (the figure a default must hold).
// Usage: protopnet-seeds-table.mjs WORKDIR
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'bench/results/protopnet-seeds';
const lastLine = (file) => JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1));
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.time.json'))
  .map((name) => {
    const time = lastLine(join(dir, name));
    const runFile = join(dir, name.replace('.time.json', '.json'));
    const run = existsSync(runFile) && readFileSync(runFile, 'utf8').trim() ? lastLine(runFile) : undefined;
    return { ...time, log: name.replace('.time.json', '.log'), last: run?.metrics?.['val/auc'], best: run?.best };
  })
  .sort((a, b) => a.method.localeCompare(b.method) || a.set.localeCompare(b.set) || a.seed - b.seed);

console.log('| method | set | seed | val AUC (last epoch) | best (epoch) | s | load average (1/5/15 min) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const last = r.last === undefined ? `failed: see ${r.log}` : r.last.toFixed(3);
  const best = r.best ? `${r.best.value.toFixed(3)} (${r.best.epoch + 1})` : '';
  console.log(`| ${r.method} | ${r.set} | ${r.seed} | ${last} | ${best} | ${Math.round(r.seconds)} | ${r.loadAverage} |`);
}

console.log('\n| method | set | seeds | lowest last-epoch val AUC | mean |');
console.log('| --- | --- | --- | --- | --- |');
const groups = new Map();
for (const r of rows) groups.set(`${r.method}\t${r.set}`, [...(groups.get(`${r.method}\t${r.set}`) ?? []), r]);
for (const [key, group] of groups) {
  const [method, set] = key.split('\t');
  const values = group.map((r) => r.last ?? NaN);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  console.log(`| ${method} | ${set} | ${group.map((r) => r.seed).join(' ')} | ${Math.min(...values).toFixed(3)} | ${mean.toFixed(3)} |`);
}
