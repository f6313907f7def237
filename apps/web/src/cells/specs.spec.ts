import { confusionMatrixSpecSchema } from './confusion-matrix/cell-spec';
import { graphqlSpecSchema, DEFAULT_GRAPHQL_QUERY } from './graphql/cell-spec';
import { markdownSpecSchema } from './markdown/cell-spec';
import { metricChartSpecSchema } from './metric-chart/cell-spec';
import { parallelCoordinatesSpecSchema } from './parallel-coordinates/cell-spec';
import { prototypeGallerySpecSchema } from './prototype-gallery/cell-spec';
import { rocPrSpecSchema } from './roc-pr/cell-spec';
import { runDiffSpecSchema } from './run-diff/cell-spec';
import { runsTableSpecSchema } from './runs-table/cell-spec';
import { saliencyGridSpecSchema } from './saliency-grid/cell-spec';
import { viewPairSpecSchema } from './view-pair/cell-spec';

const noRuns = { runIds: [] };

describe('cell spec schemas', () => {
  it('fill every default into an empty spec (the spec of a new cell)', () => {
    expect(markdownSpecSchema.parse({})).toEqual({ source: '' });
    expect(graphqlSpecSchema.parse({})).toEqual({ query: DEFAULT_GRAPHQL_QUERY, variables: '{}', view: 'table' });
    expect(runsTableSpecSchema.parse({})).toEqual({
      filter: {},
      search: '',
      sort: { column: 'createdAt', descending: true },
      columns: [],
      selected: [],
      limit: 100,
    });
    expect(metricChartSpecSchema.parse({})).toEqual({ runs: noRuns, metrics: [], groupBySeeds: false, logY: false });
    expect(rocPrSpecSchema.parse({})).toEqual({ runs: noRuns, evaluation: 'classification', split: '', show: 'both', classIndex: null });
    expect(confusionMatrixSpecSchema.parse({})).toEqual({ runs: noRuns, evaluation: 'classification', split: '', normalize: 'counts', maxRuns: 4 });
    expect(parallelCoordinatesSpecSchema.parse({})).toEqual({ runs: noRuns, params: [], metric: '' });
    expect(prototypeGallerySpecSchema.parse({})).toEqual({ runs: noRuns, maxRuns: 1, perClass: 4, showActivation: true, nearest: 3 });
    expect(saliencyGridSpecSchema.parse({})).toEqual({
      runs: noRuns,
      methods: [],
      imageIds: [],
      maxImages: 4,
      opacity: 0.5,
      outline: true,
      colormap: 'jet',
    });
    expect(runDiffSpecSchema.parse({})).toEqual({ runs: noRuns, baseline: '', metrics: [] });
    expect(viewPairSpecSchema.parse({})).toEqual({ runs: noRuns, method: 'gradcam', imageId: '', query: null, opacity: 0.5, outline: true, colormap: 'jet' });
  });

  it('keep what a stored spec says and fill only what it leaves out', () => {
    expect(metricChartSpecSchema.parse({ runs: { fromCell: 'c1' }, groupBySeeds: true })).toEqual({
      runs: { fromCell: 'c1', runIds: [] },
      metrics: [],
      groupBySeeds: true,
      logY: false,
    });
    expect(runsTableSpecSchema.parse({ sort: null, selected: ['r1', 'r2'] })).toMatchObject({ sort: null, selected: ['r1', 'r2'], limit: 100 });
  });

  it('reject values outside their range, naming the field', () => {
    const opacity = saliencyGridSpecSchema.safeParse({ opacity: 1.5 });
    expect(opacity.success).toBe(false);
    expect(opacity.error?.issues[0]?.path).toEqual(['opacity']);
    expect(runsTableSpecSchema.safeParse({ limit: 0 }).success).toBe(false);
    expect(runsTableSpecSchema.safeParse({ limit: 501 }).success).toBe(false);
    const filter = runsTableSpecSchema.safeParse({ filter: [{ method: { eq: 'protopnet' } }] });
    expect(filter.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[['filter'], 'filter must be a JSON object (a RunFilter)']]);
    expect(runsTableSpecSchema.parse({ filter: { method: { eq: 'protopnet' } } }).filter).toEqual({ method: { eq: 'protopnet' } });
    expect(graphqlSpecSchema.safeParse({ view: 'chart' }).success).toBe(false);
    expect(saliencyGridSpecSchema.safeParse({ colormap: 'rainbow' }).success).toBe(false);
    expect(metricChartSpecSchema.safeParse({ runs: { runIds: [''] } }).success).toBe(false);
  });
});
