import { DatasetInputError } from '../errors';
import { decodeImageFile } from '../image/decode-image-file';
import type { ImageCheckJob, ImageCheckResult } from './image-check';

/** Decodes one image completely (all the way to pixels) and reports its size or what is wrong. */
export function checkImage(job: ImageCheckJob): ImageCheckResult {
  try {
    const raster = decodeImageFile(job.file, job.format, { fileLabel: job.label, frame: job.frame });
    return { ok: true, width: raster.width, height: raster.height, channels: raster.channels };
  } catch (error) {
    if (error instanceof DatasetInputError) return { ok: false, kind: error.name, message: error.message, problem: error.problem };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: 'CorruptFileError', message: `${job.label}: ${message}`, problem: message };
  }
}
