/**
 * Datasets the store knows: a folder with a `manifest.json` (written by libs/datasets), registered
 * under the manifest's id when it is generated or imported, with the few facts a list needs (name,
 * origin, class names, image count) so that listing never reads manifests from disk. Registering an
 * id again updates the row (a dataset regenerated into another folder, or re-imported). The folder is
 * kept as a location relative to the store's data root (dataset-location.ts), so the store keeps
 * finding it after the store and its data root move together.
 */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { StoreContext } from './context';
import { checkDatasetLocation, folderOfLocation, locationOfFolder } from './dataset-location';
import { InvalidInputError, UnknownDatasetError } from './errors';
import { decodeJson, encodeJson, toJsonObject, type JsonObject } from './json';
import type { DatasetsTable } from './schema';
import { count, nonEmptyText, optionalText, parseInput } from './validation';

export interface RegisterDatasetInput {
  /** The manifest's id. */
  id: string;
  name?: string | null;
  /**
   * The dataset folder (the one holding `manifest.json`), absolute or relative to the working
   * directory; stored relative to the data root. Give this or `location`.
   */
  path?: string;
  /** The folder relative to the data root, `/`-separated. */
  location?: string;
  /** Where the data came from, e.g. the manifest's `origin` (`{ kind: 'generator', generator, seed, size }`). */
  origin?: object;
  /** `generator`, `import`, …; default `origin.kind` when that is a string. */
  kind?: string | null;
  /** The class names of the primary task, in label order. */
  classes?: readonly string[];
  imageCount: number;
}

export interface Dataset {
  id: string;
  name: string | null;
  /** The folder relative to the store's data root. */
  location: string;
  /** The absolute folder on this machine: the data root joined with the location. */
  path: string;
  kind: string | null;
  origin: JsonObject;
  classes: string[];
  imageCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const registerSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/, 'letters, digits, "_", "." and "-" only'),
  name: optionalText,
  path: nonEmptyText.optional(),
  location: nonEmptyText.optional(),
  kind: optionalText,
  classes: z.array(z.string()).optional(),
  imageCount: count,
});

/** Inserts the dataset, or updates every given field of an existing one with the same id. */
export async function registerDataset(ctx: StoreContext, input: RegisterDatasetInput): Promise<Dataset> {
  const parsed = parseInput(registerSchema, input, 'registerDataset');
  const origin = toJsonObject(input.origin ?? {}, 'registerDataset: origin');
  const kind = parsed.kind ?? (typeof origin.kind === 'string' ? origin.kind : null);
  if ((parsed.path === undefined) === (parsed.location === undefined)) {
    throw new InvalidInputError(`registerDataset: dataset "${parsed.id}" needs either a path or a location (exactly one)`);
  }
  const location =
    parsed.location !== undefined
      ? checkDatasetLocation(parsed.location, `registerDataset: location of "${parsed.id}"`)
      : locationOfFolder(parsed.path!, ctx.dataRoot);
  const now = ctx.now();
  const values = {
    name: parsed.name ?? null,
    location,
    kind,
    origin: encodeJson(origin),
    classes: encodeJson(parsed.classes ?? []),
    image_count: parsed.imageCount,
    updated_at: now,
  };
  await ctx.db
    .insertInto('datasets')
    .values({ id: parsed.id, ...values, created_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  return getDataset(ctx, parsed.id);
}

/** Every registered dataset, by id. */
export async function listDatasets(ctx: StoreContext): Promise<Dataset[]> {
  const rows = await ctx.db.selectFrom('datasets').selectAll().orderBy('id').execute();
  return rows.map((row) => toDataset(row, ctx.dataRoot));
}

/** The dataset, or UnknownDatasetError. */
export async function getDataset(ctx: StoreContext, datasetId: string): Promise<Dataset> {
  const dataset = await findDataset(ctx, datasetId);
  if (!dataset) throw new UnknownDatasetError(datasetId, ctx.displayUrl);
  return dataset;
}

/** The dataset, or undefined. */
export async function findDataset(ctx: StoreContext, datasetId: string): Promise<Dataset | undefined> {
  const row = await ctx.db.selectFrom('datasets').selectAll().where('id', '=', datasetId).executeTakeFirst();
  return row ? toDataset(row, ctx.dataRoot) : undefined;
}

function toDataset(row: Selectable<DatasetsTable>, dataRoot: string): Dataset {
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    path: folderOfLocation(row.location, dataRoot),
    kind: row.kind,
    origin: decodeJson(row.origin) as JsonObject,
    classes: decodeJson(row.classes) as string[],
    imageCount: row.image_count,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
