'use client';
import { useQuery } from '@apollo/client/react';
import type { MouseEvent, ReactNode } from 'react';
import { serverUrl } from '../../apollo/endpoint';
import { useGraphqlEndpoint } from '../../apollo/provider';
import { jsonObject } from '../../graphql/json-object';
import type { RendererProps } from '../module';
import { NoRunsNotice } from '../shared/no-runs-notice';
import { errorText, Notice } from '../shared/notice';
import { withQueryParams } from '../shared/url-params';
import { clickInImage, pairOf, viewPair, type ImagePoint, type PairView } from './pair';
import { PAIR_MAPS, PAIRED_IMAGES, type PairMapNode } from './queries';
import type { ViewPairSpec } from './cell-spec';

const SHOWN_PX = 192;

export function ViewPairRenderer({ spec, inputs, links, onSpecChange }: RendererProps<ViewPairSpec>) {
  const endpoint = useGraphqlEndpoint();
  const runId = inputs['runs']?.values[0];
  const choices = useQuery(PAIRED_IMAGES, { variables: { runId: runId ?? '', method: spec.method }, skip: !runId });
  const pair = choices.data?.run ? pairOf(choices.data.run.saliencyMaps, spec.imageId) : undefined;
  const maps = useQuery(PAIR_MAPS, { variables: { runId: runId ?? '', first: pair?.[0] ?? '', second: pair?.[1] ?? '' }, skip: !runId || !pair });
  if (!runId) return <NoRunsNotice testId="renderer-view-pair" input={inputs['runs']} links={links} />;
  const run = maps.data?.run;
  const views = pair && run ? viewPair(pair, [...run.onFirst, ...run.onSecond], { method: spec.method, query: spec.query }) : undefined;
  const imageIds = [...new Set((choices.data?.run?.saliencyMaps ?? []).filter((m) => m.pairedImageId !== null).map((m) => m.imageId))];
  // The server draws the overlay; the view only changes the PNG route's query parameters.
  const overlay = (url: string) => serverUrl(endpoint, withQueryParams(url, { opacity: spec.opacity, colormap: spec.colormap, outline: spec.outline }));
  const error = choices.error ?? maps.error;

  const clicked = (view: PairView<PairMapNode>, event: MouseEvent<HTMLImageElement>) => {
    const size = { width: view.explained?.width ?? SHOWN_PX, height: view.explained?.height ?? SHOWN_PX };
    const box = event.currentTarget.getBoundingClientRect();
    const point = clickInImage({ x: event.clientX - box.left, y: event.clientY - box.top }, { width: box.width, height: box.height }, size);
    onSpecChange({ ...spec, query: { imageId: view.imageId, ...point } });
  };

  return (
    <div data-testid="renderer-view-pair">
      <div className="editor-row small">
        <label>
          image{' '}
          <select data-testid="view-pair-image" value={pair?.[0] ?? ''} onChange={(event) => onSpecChange({ ...spec, imageId: event.target.value, query: null })}>
            {imageIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          opacity{' '}
          <input type="range" min={0} max={1} step={0.05} value={spec.opacity} onChange={(event) => onSpecChange({ ...spec, opacity: Number(event.target.value) })} />{' '}
          {spec.opacity.toFixed(2)}
        </label>
        {spec.query ? (
          <button type="button" data-testid="view-pair-whole-view" onClick={() => onSpecChange({ ...spec, query: null })}>
            from the whole view
          </button>
        ) : null}
      </div>
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {(choices.loading && !choices.data) || (maps.loading && !maps.data) ? <p className="muted">Loading the view pair…</p> : null}
      {choices.data && !pair ? <Notice>No {spec.method} maps of view pairs in this run: explain a two-view (multiview) run with protoscope explain --methods {spec.method},cross-attention.</Notice> : null}
      {views ? (
        <table className="saliency-grid">
          <thead>
            <tr>
              {views.map((view) => (
                <th key={view.imageId}>
                  {view.view ?? 'view'} <span className="muted small">{view.imageId}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {views.map((view) => (
                <td key={view.imageId}>
                  <div className="muted small">{spec.method} (click: where the model looks in the other view)</div>
                  {view.explained ? (
                    <Marked view={view}>
                      <img
                        data-testid="view-pair-explained"
                        src={overlay(view.explained.url)}
                        alt={`${spec.method} on ${view.imageId}`}
                        width={SHOWN_PX}
                        style={{ cursor: 'crosshair' }}
                        title={view.explained.targetName ? `target ${view.explained.targetName}` : undefined}
                        onClick={(event) => clicked(view, event)}
                      />
                    </Marked>
                  ) : (
                    <span className="muted small">no {spec.method} map</span>
                  )}
                </td>
              ))}
            </tr>
            <tr>
              {views.map((view, index) => {
                const other = views[1 - index]!;
                return (
                  <td key={view.imageId}>
                    <div className="muted small">{attentionCaption(other)}</div>
                    {view.attention ? (
                      <img data-testid="view-pair-attention" src={overlay(view.attention.url)} alt={`cross-attention on ${view.imageId}`} width={SHOWN_PX} />
                    ) : (
                      <span className="muted small">no cross-attention map</span>
                    )}
                    {typeof jsonObject(view.attention?.metrics)['pointingGame'] === 'number' ? (
                      <div className="muted small">on this view’s lesion: {jsonObject(view.attention?.metrics)['pointingGame'] === 1 ? 'hit' : 'miss'}</div>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function attentionCaption(other: PairView<PairMapNode>): string {
  const from = other.selectedQuery;
  return from ? `cross-attention from (${from.x.toFixed(1)}, ${from.y.toFixed(1)}) of the ${other.view ?? 'other'} view` : `cross-attention from the whole ${other.view ?? 'other'} view`;
}

/** The image with a dot at each stored query point (the chosen one larger). */
function Marked({ view, children }: { view: PairView<PairMapNode>; children: ReactNode }) {
  const size = { width: view.explained?.width ?? SHOWN_PX, height: view.explained?.height ?? SHOWN_PX };
  const dot = (point: ImagePoint, chosen: boolean) => (
    <span
      key={`${point.x},${point.y}`}
      data-testid={chosen ? 'view-pair-query' : undefined}
      style={{
        position: 'absolute',
        left: `${(100 * point.x) / size.width}%`,
        top: `${(100 * point.y) / size.height}%`,
        width: chosen ? 10 : 4,
        height: chosen ? 10 : 4,
        transform: 'translate(-50%, -50%)',
        borderRadius: '50%',
        background: chosen ? 'white' : 'rgba(255,255,255,0.6)',
        border: chosen ? '2px solid black' : 'none',
        pointerEvents: 'none',
      }}
    />
  );
  const chosen = view.selectedQuery;
  return (
    <div style={{ position: 'relative', display: 'inline-block', lineHeight: 0 }}>
      {children}
      {view.queryPoints.filter((p) => !chosen || p.x !== chosen.x || p.y !== chosen.y).map((p) => dot(p, false))}
      {chosen ? dot(chosen, true) : null}
    </div>
  );
}
