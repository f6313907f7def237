import type { DatasetInputError } from '../errors';
import type { ImageRecord, Task } from '../manifest/schema';

/** A record as a reader produces it: size may be left for the importer to read from the file header. */
export type DraftRecord = Omit<ImageRecord, 'width' | 'height' | 'channels'> &
  Partial<Pick<ImageRecord, 'width' | 'height' | 'channels'>>;

/** Everything a reader found, before the importer checks files and writes the dataset. */
export interface DatasetDraft {
  id: string;
  name?: string;
  description?: string;
  /** Absolute folder that relative image/mask paths of the records resolve against. */
  dataRoot: string;
  primaryTask: string;
  tasks: Record<string, Task>;
  lesionKinds?: string[];
  keypointNames?: string[];
  notes?: string[];
  records: DraftRecord[];
  /** Files to write inside the dataset folder (e.g. .npy arrays); then dataRoot must be '.'. */
  extraFiles?: Array<{ path: string; bytes: Uint8Array }>;
  /** Folders moved (renamed) into the dataset folder (e.g. downloaded images); then dataRoot must be '.'. */
  moveIn?: Array<{ from: string; to: string }>;
  /** Run after the dataset has been written (e.g. remove a now empty staging folder). */
  afterWrite?: () => void;
  /** The source has no splits: the importer splits patients 70/15/15 (seeded) and says so. */
  autoSplit?: boolean;
}

/** A reader-specific option, exposed as a CLI flag `--<name> <value>`. */
export interface ReaderOptionSpec {
  name: string;
  description: string;
  choices?: readonly string[];
  default?: string;
}

export interface ReaderContext {
  /** The absolute output folder: a reader that downloads stages its files beside it. */
  outDir: string;
  /** Aborts long reads (downloads); what was done is kept for a rerun. */
  signal?: AbortSignal;
  /** A row-level problem: the row is left out and the problem reported (fatal without --skip-bad). */
  report(problem: DatasetInputError): void;
  progress(phase: string, done: number, total: number): void;
}

/** One real-world format. Adding a format = one file implementing this + one line in reader-registry.ts. */
export interface DatasetReader {
  format: string;
  summary: string;
  /** What `<path>` must be, for --help. */
  input: string;
  options: readonly ReaderOptionSpec[];
  /** `<path>` is a URL, not a local file. */
  remote?: boolean;
  read(inputPath: string, options: Readonly<Record<string, string | undefined>>, context: ReaderContext): DatasetDraft | Promise<DatasetDraft>;
}
