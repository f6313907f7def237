import { cellModule } from '../module';
import { MetricChartEditor } from './editor';
import { MetricChartRenderer } from './renderer';
import { metricChartDefinition } from './cell-spec';

export const metricChartCell = cellModule(metricChartDefinition, { Editor: MetricChartEditor, Renderer: MetricChartRenderer, plotly: 'cartesian' });
