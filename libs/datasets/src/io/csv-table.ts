import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { CorruptFileError, DatasetInputError, MissingColumnError, UnknownColumnError } from '../errors';

/** One data row with its spreadsheet row number (header = row 1). */
export interface CsvRow {
  row: number;
  values: Record<string, string>;
}

export interface CsvTable {
  /** The file name used in messages. */
  file: string;
  columns: string[];
  rows: CsvRow[];
}

export interface CsvReadOptions {
  /** Shown in errors instead of the full path. */
  fileLabel?: string;
  /** Columns that must appear in the header. */
  required?: readonly string[];
  /** If given, any other header column is an UnknownColumnError (empty header cells are ignored). */
  known?: readonly string[];
  delimiter?: string;
  /** Whitespace-separated text instead of CSV (CUB's .txt files). */
  whitespace?: boolean;
  /** No header row: columns are named by these. */
  headerless?: readonly string[];
}

/** Reads a CSV (or whitespace table) with header checks; rows keep their row numbers for messages. */
export function readCsvTable(filePath: string, options: CsvReadOptions = {}): CsvTable {
  const file = options.fileLabel ?? filePath;
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch {
    throw new CorruptFileError({ file }, 'file cannot be opened');
  }
  let raw: string[][];
  if (options.whitespace) {
    raw = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .map((line) => (line.length === 0 ? [] : line.split(/\s+/)));
  } else {
    try {
      raw = parse(text, { delimiter: options.delimiter ?? ',', relax_column_count: true, bom: true, skip_empty_lines: false }) as string[][];
    } catch (error) {
      throw new CorruptFileError({ file }, `CSV parse error: ${(error as Error).message}`);
    }
  }
  const header = options.headerless ? [...options.headerless] : (raw[0] ?? []).map((c) => c.trim());
  const firstRow = options.headerless ? 0 : 1;
  header.forEach((name, k) => {
    const first = header.indexOf(name);
    if (name !== '' && first !== k) {
      throw new DatasetInputError({ file, row: 1, column: name }, `column '${name}' appears twice in the header (columns ${first + 1} and ${k + 1})`);
    }
  });
  for (const column of options.required ?? []) {
    if (!header.includes(column)) throw new MissingColumnError({ file, row: 1, column });
  }
  if (options.known && !options.headerless) {
    for (const column of header) {
      if (column !== '' && !options.known.includes(column)) throw new UnknownColumnError({ file, row: 1, column }, options.known);
    }
  }
  const rows: CsvRow[] = [];
  for (let i = firstRow; i < raw.length; i++) {
    const cells = raw[i]!;
    if (cells.length === 0 || (cells.length === 1 && cells[0]!.trim() === '')) continue;
    // A short row, or a long one with something in the extra cells, has lost or gained a separator.
    const extra = cells.slice(header.length).some((c) => c.trim() !== '');
    if (!options.whitespace && (cells.length < header.length || extra)) {
      throw new DatasetInputError({ file, row: i + 1 }, `${cells.length} cells but the header has ${header.length} columns (a missing or extra separator?)`);
    }
    const values: Record<string, string> = {};
    header.forEach((name, k) => {
      if (name !== '' && cells[k] !== undefined) values[name] = cells[k]!.trim();
    });
    rows.push({ row: i + 1, values });
  }
  return { file, columns: header, rows };
}

/** Reads a required value; empty or absent means MissingColumnError naming the row. */
export function requireValue(table: CsvTable, row: CsvRow, column: string): string {
  const value = row.values[column];
  if (value === undefined || value === '') throw new MissingColumnError({ file: table.file, row: row.row, column });
  return value;
}

/** Runs `fn` per row; a DatasetInputError thrown by it is reported and the row skipped. */
export function forEachRow(
  table: CsvTable,
  report: (problem: DatasetInputError) => void,
  fn: (row: CsvRow) => void,
): void {
  for (const row of table.rows) {
    try {
      fn(row);
    } catch (error) {
      if (error instanceof DatasetInputError) report(error);
      else throw error;
    }
  }
}
