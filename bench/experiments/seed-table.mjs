#!/usr/bin/env node
// Mean and 95 % interval over seeds (Student t, n − 1 degrees of freedom) of values picked from JSON
// files. Usage: seed-table.mjs LABEL=PATH.TO.KEY FILE1 FILE2 … [-- LABEL=KEY FILE …]
// A key is a dot path into each file's object (`metrics.val/auc`, `tIoU.ham.0.3`); a path segment
// may contain dots if quoted with [..]: `tIoU.ham.[0.3]`.
import { readFileSync } from 'node:fs';

const T975 = { 1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262 };
const path = (key) => [...key.matchAll(/\[([^\]]+)\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2]);
const pick = (object, key) => path(key).reduce((o, k) => (o == null ? undefined : o[k]), object);
// Groups of arguments separated by a lone `--`; the first of each is LABEL=KEY (one argument, spaces allowed).
const groups = [[]];
for (const arg of process.argv.slice(2)) {
  if (arg === '--') groups.push([]);
  else groups.at(-1).push(arg);
}
for (const [spec, ...files] of groups) {
  const split = spec.lastIndexOf('=');
  const [label, key] = [spec.slice(0, split), spec.slice(split + 1)];
  const values = files.map((f) => {
    const text = readFileSync(f, 'utf8').trim().split('\n').at(-1);
    const v = pick(JSON.parse(text), key);
    return typeof v === 'object' && v !== null && 'mean' in v ? v.mean : v;
  });
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const half = n > 1 ? (T975[n - 1] ?? 1.96) * (sd / Math.sqrt(n)) : 0;
  console.log(`${label}\t${mean.toFixed(3)}\t[${(mean - half).toFixed(3)}, ${(mean + half).toFixed(3)}]\tn=${n}\t(${values.map((v) => v.toFixed(3)).join(', ')})`);
}
