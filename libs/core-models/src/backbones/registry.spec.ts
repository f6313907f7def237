import { initEngine } from '@protoscope/engine';
import { ParameterSet } from '../parameters/parameter-set';
import { BACKBONE_NAMES, BackboneConfigError, createBackbone, parseBackboneConfig } from './registry';
import { ResNet18 } from './resnet18';
import { SmallCnn } from './small-cnn';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('backbone registry', () => {
  test('lists the backbones and fills documented defaults', () => {
    expect(BACKBONE_NAMES).toEqual(['small-cnn', 'resnet18']);
    expect(parseBackboneConfig('small-cnn').config).toEqual({ inChannels: 3, widths: [32, 64, 128], poolAfterLast: true });
    expect(parseBackboneConfig('resnet18', { inChannels: 1 }).config).toEqual({
      inChannels: 1,
      stem: 'small',
      widths: [64, 128, 256, 512],
      widthMultiplier: 1,
      blocks: [2, 2, 2, 2],
    });
  });

  test('builds into a shared parameter set under a prefix', () => {
    const params = new ParameterSet();
    const cnn = createBackbone('small-cnn', { inChannels: 1, widths: [4, 8] }, { seed: 1, params, prefix: 'model/features' });
    const resnet = createBackbone('resnet18', { widthMultiplier: 0.0625, stem: 'large' }, { seed: 1, params, prefix: 'teacher' });
    expect(cnn).toBeInstanceOf(SmallCnn);
    expect(resnet).toBeInstanceOf(ResNet18);
    expect(cnn.params).toBe(params);
    expect(params.names('model/features')).toHaveLength(10);
    expect(params.get('teacher/stem/conv/filter').shape).toEqual([7, 7, 3, 4]);
    expect(cnn.outChannels).toBe(8);
    params.dispose();
  });

  test('unknown names and invalid configs are errors that say what to change', () => {
    expect(() => createBackbone('vgg19', {}, { seed: 1 })).toThrow("unknown backbone 'vgg19'; use one of: small-cnn, resnet18");
    expect(() => parseBackboneConfig('small-cnn', { widths: [] })).toThrow(BackboneConfigError);
    expect(() => parseBackboneConfig('small-cnn', { widths: [] })).toThrow(/widths/);
    expect(() => parseBackboneConfig('resnet18', { stem: 'huge' })).toThrow(/stem/);
    expect(() => parseBackboneConfig('resnet18', { depth: 34 })).toThrow(/depth/);
  });
});
