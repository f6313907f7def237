'use client';
import { useQuery } from '@apollo/client/react';
import { serverUrl } from '../../apollo/endpoint';
import { useGraphqlEndpoint } from '../../apollo/provider';
import { RunLink } from '../../runs/run-link';
import type { RendererProps } from '../module';
import { HeatmapCanvas } from '../shared/heatmap-canvas';
import { NoRunsNotice } from '../shared/no-runs-notice';
import { errorText, Notice } from '../shared/notice';
import { runIdFilter } from '../shared/run-rows';
import { groupByClass } from './by-class';
import { RUN_PROTOTYPES, type PrototypeNode } from './queries';
import type { PrototypeGallerySpec } from './cell-spec';

export function PrototypeGalleryRenderer({ spec, inputs, links }: RendererProps<PrototypeGallerySpec>) {
  const runIds = (inputs['runs']?.values ?? []).slice(0, spec.maxRuns);
  const { data, error, loading } = useQuery(RUN_PROTOTYPES, {
    variables: { filter: runIdFilter(runIds), withActivation: spec.showActivation },
    skip: runIds.length === 0,
  });
  if (runIds.length === 0) return <NoRunsNotice testId="renderer-prototype-gallery" input={inputs['runs']} links={links} />;
  return (
    <div data-testid="renderer-prototype-gallery">
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {loading && !data ? <p className="muted">Loading prototypes…</p> : null}
      {(data?.runs.edges ?? []).map(({ node }) => (
        <section key={node.id}>
          <h4>
            <RunLink run={node} />
          </h4>
          {node.prototypes.length === 0 ? <Notice>This run has no prototypes (a prototype method pushes them during training).</Notice> : null}
          {groupByClass(node.prototypes, spec.perClass).map((group) => (
            <div key={String(group.classIndex)} className="gallery-class">
              <h3>{group.className}</h3>
              <div className="gallery-row">
                {group.prototypes.map((prototype) => (
                  <PrototypeCard key={prototype.id} prototype={prototype} showActivation={spec.showActivation} nearest={spec.nearest} />
                ))}
              </div>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

function PrototypeCard({ prototype, showActivation, nearest }: { prototype: PrototypeNode; showActivation: boolean; nearest: number }) {
  const endpoint = useGraphqlEndpoint();
  const source = prototype.sourceImage;
  const box = prototype.receptiveField ?? prototype.highActivation;
  return (
    <div className="prototype-card" data-testid="prototype-card">
      <figure>
        {prototype.patchUrl ? <img src={serverUrl(endpoint, prototype.patchUrl)} alt={`prototype ${prototype.index} patch`} /> : <svg />}
        <figcaption>
          #{prototype.index}
          {prototype.distance !== null ? ` · d ${prototype.distance.toPrecision(3)}` : ''}
        </figcaption>
      </figure>
      <figure>
        {source ? (
          <svg viewBox={`0 0 ${source.width} ${source.height}`} preserveAspectRatio="xMidYMid meet" data-testid="prototype-source">
            <image href={serverUrl(endpoint, source.url)} width={source.width} height={source.height} />
            {box ? (
              <rect x={box.x} y={box.y} width={box.width} height={box.height} fill="none" stroke="#ffd400" strokeWidth={Math.max(1, source.width / 64)} />
            ) : null}
          </svg>
        ) : (
          <svg />
        )}
        <figcaption>source {source?.id ?? '—'}</figcaption>
      </figure>
      {showActivation ? (
        <figure>
          {prototype.activationMap ? <HeatmapCanvas heatmap={prototype.activationMap} title="activation" /> : <svg />}
          <figcaption>activation</figcaption>
        </figure>
      ) : null}
      {prototype.nearestPatches.slice(0, nearest).map((patch, rank) => (
        <figure key={rank} data-testid="prototype-nearest">
          {patch.patchUrl ? <img src={serverUrl(endpoint, patch.patchUrl)} alt={`training patch ${rank + 1} nearest to prototype ${prototype.index}`} /> : <svg />}
          <figcaption title={patch.imageId}>
            nearest {rank + 1}
            {patch.classIndex !== prototype.classIndex ? ' · other class' : ''}
            {patch.distance !== null ? ` · d ${patch.distance.toPrecision(3)}` : ''}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
