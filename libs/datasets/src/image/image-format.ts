/** The image file formats the library reads. */
export type ImageFileFormat = 'png' | 'jpeg' | 'dicom';

/** Guesses the format from a file name; undefined if it is not an image we read. */
export function imageFormatFromName(name: string): ImageFileFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.png')) return 'png';
  if (lower.endsWith('.jpg') || lower.endsWith('.jpeg')) return 'jpeg';
  if (lower.endsWith('.dcm') || lower.endsWith('.dicom')) return 'dicom';
  return undefined;
}
