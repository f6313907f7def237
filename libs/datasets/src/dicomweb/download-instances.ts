import * as fs from 'node:fs';
import * as path from 'node:path';
import { DicomwebAbortError, getDicomInstance } from './dicomweb-http';

export interface InstanceDownload {
  /** WADO-RS URL of the instance. */
  url: URL;
  /** Where it goes, inside the staging folder. */
  file: string;
  /** For messages: "instance <SOP> of study <UID>". */
  what: string;
}

export interface DownloadResult {
  downloaded: number;
  /** Already present from an earlier, interrupted run. */
  resumed: number;
}

/**
 * Downloads instances with `parallel` requests at a time. Each file is written to a temporary name
 * and renamed when complete, so a file that exists is whole: a rerun after an interruption skips
 * it (resume). The first failure stops new requests, waits for those in flight and is thrown.
 */
export async function downloadInstances(
  downloads: readonly InstanceDownload[],
  options: { parallel: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<DownloadResult> {
  // A run killed mid-write leaves a temporary file: never a finished download, so remove it.
  for (const dir of new Set(downloads.map((d) => path.dirname(d.file)))) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) if (name.includes('.part-')) fs.rmSync(path.join(dir, name), { force: true });
  }
  const pending = downloads.filter((d) => !fs.existsSync(d.file));
  const resumed = downloads.length - pending.length;
  let done = resumed;
  let next = 0;
  let failure: unknown;
  options.onProgress?.(done, downloads.length);
  const worker = async () => {
    while (failure === undefined && next < pending.length) {
      if (options.signal?.aborted) {
        failure = new DicomwebAbortError('import interrupted');
        return;
      }
      const item = pending[next++]!;
      const temp = `${item.file}.part-${process.pid}-${next}`;
      try {
        const bytes = await getDicomInstance(item.url, item.what, options.signal);
        fs.mkdirSync(path.dirname(item.file), { recursive: true });
        fs.writeFileSync(temp, bytes);
        fs.renameSync(temp, item.file);
        options.onProgress?.(++done, downloads.length);
      } catch (error) {
        fs.rmSync(temp, { force: true });
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, pending.length)) }, worker));
  if (failure !== undefined) throw failure;
  return { downloaded: pending.length, resumed };
}
