/**
 * Run as a script in a fresh Node process (under tsx) by module-graph.spec.ts: loads the server
 * (`@protoscope/server`, which is every module it has), starts it on a temporary store and asks its
 * `methods` query, then prints one JSON line: every loaded module the server must never load, each
 * with the chain of modules that required it, and the number of methods the query listed.
 *
 * Never loaded: tfjs (`@tensorflow/*`), the compute engine (`libs/engine`), the native torch backend
 * and its addon (`libs/engine-torch`, `protoscope_torch.node`), the explainers (`libs/eval`), the batch loader, and
 * any module of `libs/core-models` but the model-free method catalogue (its entries, config schemas,
 * backbone names).
 */
import * as path from 'node:path';
import { queryData, startTemporaryServer } from '../index';

const WORKSPACE = path.resolve(__dirname, '../../../..');

/** core-models modules the catalogue entry point is made of: zod schemas, no tfjs. */
const CATALOGUE_MODULE =
  /^libs\/core-models\/src\/(catalogue\.ts|methods\/(catalogue|method-entry|method-config-error|backbone-choice|schedule-defaults)\.ts|methods\/[a-z-]+\/[a-z-]+-(config|entry)\.ts|backbones\/backbone-names\.ts)$/;

function forbidden(file: string): boolean {
  if (/[\\/]node_modules[\\/]@tensorflow[\\/]/.test(file) || file.endsWith('protoscope_torch.node')) return true;
  const relative = path.relative(WORKSPACE, file).split(path.sep).join('/');
  if (/^libs\/(engine|engine-torch|eval)\//.test(relative)) return true;
  if (relative === 'libs/datasets/src/loading/batch-loader.ts') return true;
  return relative.startsWith('libs/core-models/') && !CATALOGUE_MODULE.test(relative);
}

/** Who required each module first, from the module tree (module.parent is deprecated). */
function requirers(): Map<string, string> {
  const parentOf = new Map<string, string>();
  for (const [id, mod] of Object.entries(require.cache)) {
    for (const child of mod?.children ?? []) if (!parentOf.has(child.id)) parentOf.set(child.id, id);
  }
  return parentOf;
}

function chain(file: string, parentOf: Map<string, string>): string[] {
  const out = [file];
  for (let at = parentOf.get(file); at && out.length < 20 && !out.includes(at); at = parentOf.get(at)) out.push(at);
  return out.map((id) => (id.includes('node_modules') ? id.slice(id.lastIndexOf('node_modules/') + 13) : path.relative(WORKSPACE, id)));
}

async function main(): Promise<void> {
  const running = await startTemporaryServer();
  let methods: number;
  try {
    const data = await queryData<{ methods: { id: string }[] }>(running, '{ methods { id } }');
    methods = data.methods.length;
  } finally {
    await running.close();
  }
  const parentOf = requirers();
  const loaded = Object.keys(require.cache)
    .filter(forbidden)
    .map((file) => chain(file, parentOf));
  process.stdout.write(`${JSON.stringify({ methods, loaded })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
