import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@protoscope/tracking/free-port';


/** The DICOMweb plugin of Debian's orthanc-dicomweb package. */
function dicomwebPlugin(): string {
  const known = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
  if (fs.existsSync(known)) return known;
  try {
    const listed = execFileSync('dpkg', ['-L', 'orthanc-dicomweb'], { encoding: 'utf8' }).split('\n').find((l) => /libOrthancDicomWeb\.so/.test(l));
    if (listed) return listed;
  } catch {
    // not a Debian system, or the package is missing: said below
  }
  throw new Error('the Orthanc DICOMweb plugin is missing: install Debian packages orthanc and orthanc-dicomweb');
}

export interface OrthancTestServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The DICOMweb root, e.g. http://127.0.0.1:<port>/dicom-web */
  dicomweb: string;
  /** Stores one instance through the REST API (POST /instances). */
  upload(bytes: Uint8Array): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a private Orthanc with its DICOMweb plugin on free ports, storage in a temporary folder,
 * no authentication, listening on localhost only. For tests: a real PACS, not a mock.
 */
export async function startOrthanc(): Promise<OrthancTestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-orthanc-'));
  const port = await freePort();
  const config = {
    Name: 'protoscope-test',
    StorageDirectory: path.join(dir, 'db'),
    IndexDirectory: path.join(dir, 'db'),
    HttpPort: port,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    Plugins: [dicomwebPlugin()],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
  };
  fs.writeFileSync(path.join(dir, 'orthanc.json'), JSON.stringify(config));
  const binary = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc'].find((b) => fs.existsSync(b)) ?? 'Orthanc';
  const child: ChildProcess = spawn(binary, [path.join(dir, 'orthanc.json')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited (code ${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`${url}/system`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Orthanc did not answer on ${url} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dicomweb: `${url}/dicom-web`,
    async upload(bytes) {
      const response = await fetch(`${url}/instances`, { method: 'POST', body: bytes, headers: { 'content-type': 'application/dicom' } });
      if (!response.ok) throw new Error(`Orthanc refused an instance: ${response.status} ${await response.text()}`);
    },
    stop,
  };
}
