import * as fs from 'node:fs';
import { bundleFor, CARTESIAN_TRACE_TYPES } from './plotly-bundles';

describe('the plotly bundle a chart needs', () => {
  it('lists exactly the trace modules plotly.js-cartesian-dist-min says it contains', () => {
    const readme = fs.readFileSync(require.resolve('plotly.js-cartesian-dist-min/README.md'), 'utf8');
    const line = readme.split('\n').find((text) => text.startsWith('Contains trace modules'));
    const listed = [...(line ?? '').matchAll(/`([a-z0-9]+)`/g)].map((match) => match[1]);
    expect([...CARTESIAN_TRACE_TYPES].sort()).toEqual(listed.sort());
  });

  it('takes the cartesian bundle for lines, bands and heatmaps, the full one as soon as one trace is parcoords', () => {
    expect(bundleFor([{ type: 'scatter' }, { type: 'scatter' }])).toBe('cartesian');
    expect(bundleFor([{}])).toBe('cartesian'); // plotly's default trace is a scatter
    expect(bundleFor([{ type: 'heatmap' }])).toBe('cartesian');
    expect(bundleFor([{ type: 'parcoords' }])).toBe('full');
    expect(bundleFor([{ type: 'scatter' }, { type: 'parcoords' }])).toBe('full');
    expect(bundleFor([{ type: 'scattergl' }])).toBe('full');
  });
});
