/**
 * Every GraphQL operation of the web app (the `graphql()` documents, typed by codegen), validated
 * against the server's SDL: a renamed field or a wrong argument type fails here instead of in a browser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { typeDefs } from '@protoscope/graph';
import { buildSchema, Kind, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import * as generated from './graphql/generated/graphql';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** A document with an operation (fragments alone are checked inside the operations that spread them). */
function isOperation(value: unknown): value is DocumentNode {
  if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== Kind.DOCUMENT) return false;
  return (value as DocumentNode).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION);
}

const documents = sourceFiles(__dirname)
  .filter((file) => !file.includes(`${path.sep}generated${path.sep}`) && fs.readFileSync(file, 'utf8').includes('graphql(`'))
  .flatMap((file) => {
    const exports = require(file) as Record<string, unknown>;
    return Object.entries(exports)
      .filter(([, value]) => isOperation(value))
      .map(([name, value]) => ({ name: `${path.relative(__dirname, file)}: ${name}`, document: value as DocumentNode }));
  });

function operationName(document: DocumentNode): string {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.name?.value ?? '(anonymous)';
}

/** The operations codegen typed: the `…Document` exports of the generated module. */
const generatedOperations = Object.entries(generated)
  .filter(([name, value]) => name.endsWith('Document') && isOperation(value))
  .map(([, value]) => operationName(value as DocumentNode));

describe('GraphQL documents of the web app', () => {
  const schema = buildSchema(typeDefs);

  it('are every operation codegen typed, each exported as the document graphql() returned for it', () => {
    // graphql(`…`) finds its document by the exact source text; one edited without npm run codegen
    // would come back empty, and would be missing here.
    expect(generatedOperations.length).toBeGreaterThanOrEqual(30);
    expect(documents.map((d) => operationName(d.document)).sort()).toEqual([...generatedOperations].sort());
  });

  it.each(documents.map((d) => [d.name, d.document] as const))('%s is valid against the SDL', (_name, document) => {
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});
