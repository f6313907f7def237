'use client';
import { useQuery } from '@apollo/client/react';
import { Fragment } from 'react';
import { serverUrl } from '../../apollo/endpoint';
import { useGraphqlEndpoint } from '../../apollo/provider';
import type { RendererProps } from '../module';
import { NoRunsNotice } from '../shared/no-runs-notice';
import { errorText, Notice } from '../shared/notice';
import { runIdFilter } from '../shared/run-rows';
import { withQueryParams } from '../shared/url-params';
import { diagnosisCaption, presenceCaption } from './captions';
import { saliencyGrid } from './grid';
import { RUN_SALIENCY } from './queries';
import type { SaliencyGridSpec } from './cell-spec';

export function SaliencyGridRenderer({ spec, inputs, links, onSpecChange }: RendererProps<SaliencyGridSpec>) {
  const endpoint = useGraphqlEndpoint();
  const runIds = inputs['runs']?.values ?? [];
  const { data, error, loading } = useQuery(RUN_SALIENCY, {
    variables: { filter: runIdFilter(runIds), methods: spec.methods.length > 0 ? spec.methods : null },
    skip: runIds.length === 0,
  });
  if (runIds.length === 0) return <NoRunsNotice testId="renderer-saliency-grid" input={inputs['runs']} links={links} />;
  const runs = (data?.runs.edges ?? []).map(({ node }) => ({ runId: node.id, name: node.name ?? node.id, maps: node.saliencyMaps }));
  const grid = saliencyGrid(runs, spec);
  const images = new Map(runs.flatMap((run) => run.maps).map((map) => [map.imageId, map.image]));
  const runName = new Map(runs.map((run) => [run.runId, run.name]));
  // The server draws the overlay; the view only changes the PNG route's query parameters.
  // The run's diagnosis of an image is said once, under the first of the run's columns.
  const firstOfRun = (column: number) => column === 0 || grid.columns[column - 1]!.runId !== grid.columns[column]!.runId;
  const overlay = (url: string) => serverUrl(endpoint, withQueryParams(url, { opacity: spec.opacity, colormap: spec.colormap, outline: spec.outline }));

  return (
    <div data-testid="renderer-saliency-grid">
      <div className="editor-row small">
        <label>
          opacity{' '}
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={spec.opacity}
            data-testid="saliency-opacity"
            onChange={(event) => onSpecChange({ ...spec, opacity: Number(event.target.value) })}
          />{' '}
          {spec.opacity.toFixed(2)}
        </label>
        <label>
          <input type="checkbox" checked={spec.outline} data-testid="saliency-outline" onChange={(event) => onSpecChange({ ...spec, outline: event.target.checked })} />{' '}
          ground-truth outline
        </label>
      </div>
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {loading && !data ? <p className="muted">Loading saliency maps…</p> : null}
      {data && grid.imageIds.length === 0 ? <Notice>No saliency maps for these runs{spec.methods.length ? ` and methods` : ''} yet.</Notice> : null}
      {grid.imageIds.length > 0 ? (
        <table className="saliency-grid">
          <thead>
            <tr>
              <th>image</th>
              {grid.columns.map((column) => (
                <th key={`${column.runId}/${column.method}`}>
                  {runName.get(column.runId)}
                  <br />
                  <span className="muted">{column.method}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.imageIds.map((imageId, row) => {
              const image = images.get(imageId);
              return (
                <tr key={imageId}>
                  <td>
                    {image ? <img src={serverUrl(endpoint, image.url)} alt={`image ${imageId}`} title={image.labelName ?? imageId} /> : imageId}
                  </td>
                  {grid.slots[row]!.map((map, column) => (
                    <Fragment key={column}>
                      <td>
                        {map ? (
                          <>
                            <img
                              data-testid="saliency-overlay"
                              src={overlay(map.url)}
                              alt={`${map.method} on ${imageId}`}
                              title={map.targetName ? `target ${map.targetName}` : undefined}
                            />
                            <MapCaption lines={[firstOfRun(column) ? diagnosisCaption(map) : null, presenceCaption(map)]} />
                          </>
                        ) : (
                          <span className="muted small">—</span>
                        )}
                      </td>
                    </Fragment>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** The diagnosis (first column of each run) and a lesion map's presence under the map. */
function MapCaption({ lines }: { lines: (string | null)[] }) {
  const shown = lines.filter((line): line is string => line !== null);
  return shown.length > 0 ? <div className="muted small" data-testid="saliency-caption">{shown.join(' · ')}</div> : null;
}
