import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, DatasetInputError, DatasetOptionError, InvalidValueError } from '../errors';
import type { DatasetDraft, DatasetReader, DraftRecord } from '../import/dataset-reader';
import { forEachRow, readCsvTable } from '../io/csv-table';
import { ViewSchema } from '../manifest/schema';
import { firstValue, LABEL_TAG_KEYWORDS, tagOf, type DicomJsonDataSet } from '../dicomweb/dicom-json';
import { DicomwebAbortError, DicomwebError, getDicomJson } from '../dicomweb/dicomweb-http';
import { downloadInstances, type InstanceDownload } from '../dicomweb/download-instances';

const TAG = {
  studyUid: '0020000D',
  seriesUid: '0020000E',
  sopUid: '00080018',
  patientId: '00100020',
  viewPosition: '00185101',
  imageLaterality: '00200062',
  laterality: '00200060',
  rows: '00280010',
  frames: '00280008',
};

const LABEL_COLUMNS = ['StudyInstanceUID', 'SOPInstanceUID', 'label', 'split'];

/** Staging folder beside the output: downloads live here until the import writes, and survive an interruption. */
export function dicomwebStagingDir(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.dicomweb`);
}

function baseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DatasetOptionError(`'${text}' is not a URL; give the DICOMweb base URL, e.g. http://pacs:8042/dicom-web`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DatasetOptionError(`'${text}' is not an http(s) URL`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Labels keyed by SOPInstanceUID or StudyInstanceUID (an instance's own row wins over its study's). */
function readLabels(file: string, report: (p: DatasetInputError) => void): { byUid: Map<string, { label: string; split?: string }>; hasSplit: boolean } {
  if (!fs.existsSync(file)) throw new DatasetError(`labels CSV '${file}' not found`);
  const name = path.basename(file);
  const table = readCsvTable(file, { fileLabel: name, required: ['label'], known: LABEL_COLUMNS });
  if (!table.columns.includes('StudyInstanceUID') && !table.columns.includes('SOPInstanceUID')) {
    throw new DatasetInputError({ file: name, row: 1 }, "needs a 'StudyInstanceUID' or 'SOPInstanceUID' column to key the labels");
  }
  const byUid = new Map<string, { label: string; split?: string }>();
  forEachRow(table, report, (row) => {
    const uid = row.values['SOPInstanceUID'] || row.values['StudyInstanceUID'];
    const label = row.values['label'];
    if (!uid) throw new InvalidValueError({ file: name, row: row.row, column: 'StudyInstanceUID' }, '', 'a UID');
    if (!label) throw new InvalidValueError({ file: name, row: row.row, column: 'label' }, '', 'a class name');
    byUid.set(uid, { label, split: row.values['split'] || undefined });
  });
  return { byUid, hasSplit: table.columns.includes('split') };
}

/**
 * DICOMweb (QIDO-RS + WADO-RS): the studies matching `--query` are searched, each study's instance
 * metadata read, and the image instances downloaded as stored (any transfer syntax we decode), in
 * parallel and resumable, into a staging folder that becomes the dataset's `images/`. Patient,
 * study, view (ViewPosition) and laterality (ImageLaterality) come from the tags, so CC/MLO pairs
 * form for `multiview`; labels come from a CSV keyed by StudyInstanceUID / SOPInstanceUID or from a tag.
 */
export const dicomwebReader: DatasetReader = {
  format: 'dicomweb',
  summary: 'a DICOMweb server (PACS): QIDO-RS search, WADO-RS download, resumable',
  input: 'the DICOMweb base URL, e.g. http://pacs:8042/dicom-web',
  remote: true,
  options: [
    { name: 'query', description: "dicomweb: QIDO-RS study search, e.g. 'StudyDate=20240101-20241231&ModalitiesInStudy=MG'" },
    { name: 'labels', description: 'dicomweb: CSV with StudyInstanceUID or SOPInstanceUID and label (optional split)' },
    { name: 'label-tag', description: `dicomweb: take the label from this tag instead (hex like 00081030, or ${LABEL_TAG_KEYWORDS.slice(0, 3).join(', ')}, …)` },
    { name: 'downloads', description: 'dicomweb: parallel downloads', default: '4' },
  ],
  async read(inputPath, options, context): Promise<DatasetDraft> {
    const base = baseUrl(inputPath);
    const query = options['query'];
    if (!query) throw new DatasetOptionError("dicomweb needs --query, e.g. --query 'StudyDate=20240101-20241231&ModalitiesInStudy=MG'");
    const parallel = Number(options['downloads'] ?? '4');
    if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64) throw new DatasetOptionError(`--downloads must be an integer in [1, 64], got '${options['downloads']}'`);
    const labelTagName = options['label-tag'];
    const labelTag = labelTagName !== undefined ? tagOf(labelTagName) : undefined;
    if (labelTagName !== undefined && !labelTag) throw new DatasetOptionError(`--label-tag '${labelTagName}' is neither a tag (8 hex digits) nor one of ${LABEL_TAG_KEYWORDS.join(', ')}`);
    if (!options['labels'] && !labelTag) throw new DatasetOptionError('dicomweb needs --labels FILE.csv or --label-tag TAG');
    if (options['labels'] && labelTag) throw new DatasetOptionError('give --labels or --label-tag, not both');
    const labels = options['labels'] ? readLabels(path.resolve(options['labels']), context.report) : undefined;

    // Search and metadata first: an unreachable server or a missing study fails before anything is written.
    const search = new URL(`studies?${new URLSearchParams(query).toString()}`, base);
    const studies = (await getDicomJson(search, 'the study search', context.signal)) as DicomJsonDataSet[];
    const studyUids = [...new Set(studies.map((s) => firstValue(s, TAG.studyUid)).filter((u): u is string => !!u))];
    if (studyUids.length === 0) throw new DicomwebError(`no study on ${base.href} matches '${query}'`);
    const instances: DicomJsonDataSet[] = [];
    for (const [i, study] of studyUids.entries()) {
      context.progress('reading study metadata', i, studyUids.length);
      const metadata = await getDicomJson(new URL(`studies/${study}/metadata`, base), `study ${study}`, context.signal);
      instances.push(...(metadata as DicomJsonDataSet[]));
    }

    const staging = dicomwebStagingDir(context.outDir);
    const records: DraftRecord[] = [];
    const labelNames: string[] = []; // per record; class indices are set once every class is known
    const downloads: InstanceDownload[] = [];
    let nonImages = 0;
    for (const ds of instances) {
      const study = firstValue(ds, TAG.studyUid);
      const series = firstValue(ds, TAG.seriesUid);
      const sop = firstValue(ds, TAG.sopUid);
      if (!study || !series || !sop) continue;
      if (!firstValue(ds, TAG.rows)) {
        nonImages++; // structured reports, presentation states…
        continue;
      }
      const where = { file: `instance ${sop} of study ${study}` };
      try {
        const keyed = labels?.byUid.get(sop) ?? labels?.byUid.get(study);
        const label = labels ? keyed?.label : firstValue(ds, labelTag!);
        if (!label) {
          throw new DatasetInputError(where, labels ? `no label: neither its SOPInstanceUID nor its StudyInstanceUID is in ${path.basename(options['labels']!)}` : `no label: tag ${labelTag} is empty`);
        }
        const viewText = firstValue(ds, TAG.viewPosition)?.toUpperCase();
        const view = viewText ? (ViewSchema.safeParse(viewText).success ? ViewSchema.parse(viewText) : 'other') : undefined;
        const lateralityText = (firstValue(ds, TAG.imageLaterality) ?? firstValue(ds, TAG.laterality))?.toUpperCase();
        const laterality = lateralityText === 'L' || lateralityText === 'R' ? lateralityText : undefined;
        const rel = `images/${study}/${sop}.dcm`;
        records.push({
          id: sop,
          image: { kind: 'file', path: rel, format: 'dicom' },
          patientId: firstValue(ds, TAG.patientId) ?? study,
          studyId: study,
          view,
          laterality,
          source: base.host,
          split: keyed?.split,
          labels: {},
          origin: where,
        });
        labelNames.push(label);
        downloads.push({ url: new URL(`studies/${study}/series/${series}/instances/${sop}`, base), file: path.join(staging, rel), what: `instance ${sop} of study ${study}` });
      } catch (error) {
        if (error instanceof DatasetInputError) context.report(error);
        else throw error;
      }
    }
    if (records.length === 0) throw new DicomwebError(`the ${studyUids.length} matching stud${studyUids.length === 1 ? 'y has' : 'ies have'} no labelled image instance`);

    const hadStaging = fs.existsSync(staging);
    let result;
    try {
      result = await downloadInstances(downloads, { parallel, signal: context.signal, onProgress: (done, total) => context.progress('downloading', done, total) });
    } catch (error) {
      // Keep what was downloaded for the next run; leave no empty folder behind.
      if (!hadStaging && fs.existsSync(staging) && !hasFiles(staging)) fs.rmSync(staging, { recursive: true, force: true });
      if (error instanceof DicomwebAbortError) {
        const kept = downloads.filter((d) => fs.existsSync(d.file)).length;
        throw new DicomwebAbortError(`import interrupted: ${kept} of ${downloads.length} instances downloaded are kept in ${staging}; run the same command again to resume`);
      }
      throw error;
    }
    const classes = [...new Set(labelNames)].sort();
    records.forEach((record, i) => {
      record.labels = { label: classes.indexOf(labelNames[i]!) };
    });
    return {
      id: `dicomweb-${base.host.replace(/[^A-Za-z0-9.-]/g, '_')}`,
      name: `DICOMweb ${base.host}`,
      dataRoot: staging,
      primaryTask: 'label',
      tasks: { label: { kind: 'single-label', classes } },
      notes: [
        `From ${base.href} with query '${query}': ${studyUids.length} studies, ${records.length} labelled image instances` +
          (nonImages ? ` (${nonImages} non-image instances left out)` : '') + '.',
        `Downloaded ${result.downloaded} instance(s)${result.resumed ? `; ${result.resumed} already downloaded by an interrupted run were reused` : ''}.`,
        labels ? `Labels from ${path.basename(options['labels']!)}.` : `Labels from tag ${labelTag}.`,
      ],
      records,
      moveIn: [{ from: path.join(staging, 'images'), to: 'images' }],
      afterWrite: () => fs.rmSync(staging, { recursive: true, force: true }),
      autoSplit: !labels?.hasSplit,
    };
  },
};

function hasFiles(dir: string): boolean {
  return fs.readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? hasFiles(path.join(dir, e.name)) : true));
}
