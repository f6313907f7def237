/**
 * Typed errors of the datasets library. Every message says where the problem is (file, row, column)
 * and, where it can, what to do about it, e.g. "row 17 of calc_case.csv: column 'pathology' missing".
 * Rows are counted as a spreadsheet shows them: the header is row 1, the first record row 2.
 */

/** Where in the input a problem was found. */
export interface InputLocation {
  /** The file, as the user would recognise it (usually relative to the imported folder). */
  file: string;
  /** 1-based row (header = row 1) for tabular files; absent for whole-file problems. */
  row?: number;
  column?: string;
}

function describeLocation(location: InputLocation): string {
  const row = location.row !== undefined ? `row ${location.row} of ` : '';
  return `${row}${location.file}`;
}

/** Base class: anything wrong with a dataset or its input. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** A problem with one input file or one row of it. Row-level ones can be skipped with --skip-bad. */
export class DatasetInputError extends DatasetError {
  override name = 'DatasetInputError';
  readonly file: string;
  readonly row?: number;
  readonly column?: string;
  /** The problem without the location prefix. */
  readonly problem: string;
  constructor(location: InputLocation, problem: string) {
    super(`${describeLocation(location)}: ${problem}`);
    this.file = location.file;
    this.row = location.row;
    this.column = location.column;
    this.problem = problem;
  }
  /** A plain object for the import report. */
  toJSON(): { kind: string; file: string; row?: number; column?: string; message: string } {
    return { kind: this.name, file: this.file, row: this.row, column: this.column, message: this.message };
  }
}

/** A file that cannot be parsed (truncated, not the format its name says, ...). */
export class CorruptFileError extends DatasetInputError {
  override name = 'CorruptFileError';
  constructor(location: InputLocation, detail: string) {
    super(location, `cannot be read (${detail}); the file looks corrupt or is not in the expected format`);
  }
}

/** A required column absent from a header, or a required value empty in a row. */
export class MissingColumnError extends DatasetInputError {
  override name = 'MissingColumnError';
  constructor(location: InputLocation & { column: string }) {
    super(location, `column '${location.column}' missing`);
  }
}

/** A header names a column the reader does not know: probably the wrong file or a misspelling. */
export class UnknownColumnError extends DatasetInputError {
  override name = 'UnknownColumnError';
  constructor(location: InputLocation & { column: string }, known: readonly string[]) {
    super(location, `unknown column '${location.column}' (expected only: ${known.map((k) => `'${k}'`).join(', ')})`);
  }
}

/** A value that does not parse or is outside what the format allows. */
export class InvalidValueError extends DatasetInputError {
  override name = 'InvalidValueError';
  constructor(location: InputLocation & { column: string }, value: string, expected: string) {
    super(location, `column '${location.column}' has value '${value}', expected ${expected}`);
  }
}

/** A record points at an image (or mask) file that does not exist. */
export class MissingImageError extends DatasetInputError {
  override name = 'MissingImageError';
  readonly imagePath: string;
  constructor(location: InputLocation, imagePath: string) {
    super(location, `image file '${imagePath}' not found`);
    this.imagePath = imagePath;
  }
}

/** A mask whose size differs from its image's. */
export class MaskSizeMismatchError extends DatasetInputError {
  override name = 'MaskSizeMismatchError';
  constructor(
    location: InputLocation,
    maskPath: string,
    mask: { width: number; height: number },
    image: { width: number; height: number },
  ) {
    super(
      location,
      `mask '${maskPath}' is ${mask.width}×${mask.height} but its image is ${image.width}×${image.height}`,
    );
  }
}

/** A DICOM file whose transfer syntax UID is not one the library decodes. */
export class UnsupportedTransferSyntaxError extends DatasetInputError {
  override name = 'UnsupportedTransferSyntaxError';
  readonly transferSyntaxUid: string;
  constructor(location: InputLocation, uid: string) {
    super(location, `DICOM transfer syntax ${uid} is unknown: not one of the transfer syntaxes this library decodes (docs/datasets.md lists them)`);
    this.transferSyntaxUid = uid;
  }
}

/** A manifest that does not match the schema. */
export class ManifestValidationError extends DatasetError {
  override name = 'ManifestValidationError';
  constructor(file: string, issues: string[]) {
    super(`${file}: not a valid dataset manifest:\n  ${issues.slice(0, 10).join('\n  ')}${issues.length > 10 ? `\n  … and ${issues.length - 10} more` : ''}`);
  }
}

/** An import that found bad input and was not asked to skip it: nothing has been written. */
export class ImportFailedError extends DatasetError {
  override name = 'ImportFailedError';
  readonly problems: DatasetInputError[];
  constructor(problems: DatasetInputError[]) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(
      `${problems[0]?.message ?? 'no usable records'}${more}. Nothing was written; fix the input, or rerun with --skip-bad ` +
        'to import the good records and write a report of the skipped ones.',
    );
    this.problems = problems;
  }
}

/** The output folder already exists. */
export class OutputExistsError extends DatasetError {
  override name = 'OutputExistsError';
  constructor(dir: string) {
    super(`output folder '${dir}' already exists and is not empty; choose another --out or remove it`);
  }
}

/** Bad options given to a reader, generator or loader. */
export class DatasetOptionError extends DatasetError {
  override name = 'DatasetOptionError';
}
