import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { datasetNotFoundMessage, isDatasetId, locateDataset, type DatasetCatalog } from './dataset-lookup';

describe('the dataset lookup', () => {
  let root: string;
  let elsewhere: string;
  /** A store with one registered dataset, `registered`, kept at `<root>/kept-here`. */
  let catalog: DatasetCatalog & { asked: string[] };
  const datasetFolder = (folder: string) => {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'manifest.json'), '{}');
    return folder;
  };

  beforeAll(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-lookup-'));
    root = path.join(base, 'datasets');
    elsewhere = path.join(base, 'elsewhere');
    datasetFolder(path.join(root, 'kept-here'));
    datasetFolder(path.join(root, 'copied-in'));
    datasetFolder(path.join(elsewhere, 'cli-folder'));
    // A folder named like the registered id under the root: the registration wins.
    datasetFolder(path.join(root, 'registered'));
    catalog = {
      dataRoot: root,
      asked: [],
      findDataset: async (id) => (id === 'registered' ? { id } : undefined),
      datasetFolder: async (id) => {
        catalog.asked.push(id);
        return path.join(root, 'kept-here');
      },
    };
  });
  afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('takes ids of letters, digits, "_", "." and "-" only, starting with a letter or digit, up to 200', () => {
    for (const id of ['a', 'mammo-two-view', 'x_1.2', '9', 'a'.repeat(200)]) expect(isDatasetId(id)).toBe(true);
    for (const id of ['', '.', '..', '.hidden', '-a', '_a', 'a/b', '../a', '/abs', 'a\\b', 'a b', 'a'.repeat(201), 'ü']) expect(isDatasetId(id)).toBe(false);
  });

  it('finds a registered id through the store, before any folder of that name', async () => {
    expect(await locateDataset(catalog, 'registered')).toBe(path.join(root, 'kept-here'));
    expect(catalog.asked).toEqual(['registered']);
  });

  it('finds an unregistered id as <data root>/<id> when it holds a manifest', async () => {
    expect(await locateDataset(catalog, 'copied-in')).toBe(path.join(root, 'copied-in'));
  });

  it('tries a recorded folder last, and only for an id', async () => {
    const recorded = async (id: string) => (id === 'cli-only' ? path.join(elsewhere, 'cli-folder') : undefined);
    expect(await locateDataset(catalog, 'cli-only', { recordedFolder: recorded })).toBe(path.join(elsewhere, 'cli-folder'));
    expect(await locateDataset(catalog, 'copied-in', { recordedFolder: recorded })).toBe(path.join(root, 'copied-in'));
    expect(await locateDataset(catalog, 'nothing', { recordedFolder: recorded })).toBeUndefined();
  });

  it('takes a folder path only when allowed, and only with a manifest', async () => {
    const folder = path.join(elsewhere, 'cli-folder');
    expect(await locateDataset(catalog, folder)).toBeUndefined();
    expect(await locateDataset(catalog, folder, { allowPaths: true })).toBe(folder);
    expect(await locateDataset(catalog, path.join(elsewhere, 'missing'), { allowPaths: true })).toBeUndefined();
    // `..` out of the root is a path, never an id.
    expect(await locateDataset(catalog, '../elsewhere/cli-folder')).toBeUndefined();
  });

  it('never reads a bare name as a folder of the working directory', async () => {
    const cwd = process.cwd();
    process.chdir(elsewhere);
    try {
      expect(fs.existsSync(path.join('cli-folder', 'manifest.json'))).toBe(true);
      expect(await locateDataset(catalog, 'cli-folder', { allowPaths: true })).toBeUndefined();
      expect(await locateDataset(catalog, './cli-folder', { allowPaths: true })).toBe(path.join(fs.realpathSync(elsewhere), 'cli-folder'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('says in one line why nothing was found', () => {
    expect(datasetNotFoundMessage('mammo', '/data')).toBe(
      'no dataset "mammo": it is not registered in the store and /data/mammo holds no manifest.json; generate or import it first',
    );
    expect(datasetNotFoundMessage('/no/such/folder', '/data')).toBe(
      'no dataset at "/no/such/folder": it is not a dataset id (ids are 1 to 200 letters, digits, "_", "." and "-", starting with a letter or digit (it names a folder)) and holds no manifest.json',
    );
  });
});
