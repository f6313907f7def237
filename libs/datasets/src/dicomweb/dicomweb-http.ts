import * as http from 'node:http';
import * as https from 'node:https';
import { meros } from 'meros/node';
import { DatasetError } from '../errors';

/** The server could not be reached, or answered with an error: nothing has been written. */
export class DicomwebError extends DatasetError {
  override name = 'DicomwebError';
}

/** Aborted on request (an interrupted import); downloads done so far are kept for the next run. */
export class DicomwebAbortError extends DatasetError {
  override name = 'DicomwebAbortError';
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
};

/** GET with the given Accept header; resolves with the response once its status is 200. */
function get(url: URL, accept: string, what: string, signal?: AbortSignal): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DicomwebAbortError('import interrupted'));
    const request = client.get(url, { headers: { accept }, timeout: 60_000, signal }, (response) => {
      if (response.statusCode === 200) return resolve(response);
      response.resume();
      const status = `${response.statusCode} ${response.statusMessage ?? ''}`.trim();
      reject(new DicomwebError(response.statusCode === 404 ? `${what} not found on the DICOMweb server (${status} for ${url.href})` : `the DICOMweb server answered ${status} for ${url.href}`));
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') return reject(new DicomwebAbortError('import interrupted'));
      const reason = REASONS[error.code ?? ''] ?? error.code ?? 'network error';
      reject(new DicomwebError(`cannot reach the DICOMweb server at ${url.origin} (${reason})`));
    });
  });
}

async function readAll(response: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A JSON answer (QIDO-RS search, WADO-RS metadata). */
export async function getDicomJson(url: URL, what: string, signal?: AbortSignal): Promise<unknown> {
  const response = await get(url, 'application/dicom+json', what, signal);
  // PS3.18: a server that returns only part of the matches says so in a Warning header.
  const warning = String(response.headers['warning'] ?? '');
  if (/additional results/i.test(warning)) {
    response.resume();
    throw new DicomwebError(`the DICOMweb server returned only part of the matches for ${url.href} (${warning}); narrow the query`);
  }
  const body = await readAll(response);
  if (body.length === 0) return []; // some servers answer an empty search with an empty 200
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new DicomwebError(`the DICOMweb server's answer for ${url.href} is not JSON`);
  }
}

/** One instance by WADO-RS (multipart/related, application/dicom, transfer syntax as stored). */
export async function getDicomInstance(url: URL, what: string, signal?: AbortSignal): Promise<Buffer> {
  const response = await get(url, 'multipart/related; type="application/dicom"; transfer-syntax=*', what, signal);
  const parts = await meros(response);
  if (parts === response) throw new DicomwebError(`the DICOMweb server's answer for ${url.href} is not multipart/related`);
  for await (const part of parts as AsyncGenerator<{ headers: Record<string, string>; body: Buffer | object }>) {
    const type = part.headers['content-type'] ?? '';
    if (type.includes('application/dicom') && Buffer.isBuffer(part.body)) return part.body;
  }
  throw new DicomwebError(`the DICOMweb server's answer for ${url.href} holds no application/dicom part`);
}
