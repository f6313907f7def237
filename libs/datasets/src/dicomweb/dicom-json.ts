/** A data set in the DICOM JSON model (PS3.18 F.2): tag (8 hex digits) → {vr, Value}. */
export type DicomJsonDataSet = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

/** Keywords accepted by --label-tag besides a tag in hex; the attributes labels are usually kept in. */
const KEYWORDS: Record<string, string> = {
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  BodyPartExamined: '00180015',
  ViewPosition: '00185101',
  ImageLaterality: '00200062',
  Laterality: '00200060',
  PatientSex: '00100040',
  Modality: '00080060',
  ImageComments: '00204000',
  AccessionNumber: '00080050',
};

/** 'StudyDescription', '00081030' or '(0008,1030)' → '00081030'; undefined if it is none of these. */
export function tagOf(name: string): string | undefined {
  if (KEYWORDS[name]) return KEYWORDS[name];
  const hex = name.replace(/[(),\s]/g, '').toUpperCase();
  return /^[0-9A-F]{8}$/.test(hex) ? hex : undefined;
}

export const LABEL_TAG_KEYWORDS = Object.keys(KEYWORDS);

/** The first value of a tag as text (person names as their alphabetic form); undefined when absent or empty. */
export function firstValue(ds: DicomJsonDataSet, tag: string): string | undefined {
  const element = ds[tag.toUpperCase()] ?? ds[tag.toLowerCase()];
  const value = element?.Value?.[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return (value as { Alphabetic?: string }).Alphabetic?.trim() || undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}
