import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataRoots, defaultDataRoots } from './data-roots';

describe('the data folders a queued job may read', () => {
  it('are PROTOSCOPE_HOME and the store data root by default, or only the listed ones', () => {
    expect(defaultDataRoots({ PROTOSCOPE_HOME: '/srv/home' }, '/srv/data')).toEqual(['/srv/home', '/srv/data']);
    expect(defaultDataRoots({ PROTOSCOPE_HOME: '/srv/home' }, '/srv/home/')).toEqual(['/srv/home']);
    expect(defaultDataRoots({ PROTOSCOPE_HOME: '/srv/home', PROTOSCOPE_DATA_ROOTS: `/a${path.delimiter}/b` }, '/srv/data')).toEqual(['/a', '/b']);
  });

  it('accept paths under a root and refuse others, links followed', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-roots-'));
    try {
      const root = path.join(base, 'root');
      fs.mkdirSync(path.join(root, 'set'), { recursive: true });
      fs.symlinkSync('/etc', path.join(root, 'escape'));
      const roots = new DataRoots([root]);
      expect(roots.check('set', 'source')).toBe(path.join(fs.realpathSync(root), 'set'));
      expect(() => roots.check('escape/passwd', 'source')).toThrow(/source: "escape\/passwd" is outside the data folders/);
      expect(() => roots.check('../elsewhere', 'data')).toThrow(/data: "..\/elsewhere" is outside/);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
