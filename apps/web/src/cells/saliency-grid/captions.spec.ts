import { diagnosisCaption, presenceCaption } from './captions';

describe('saliency grid captions', () => {
  it('gives the diagnosis only when the map explains the predicted class', () => {
    const map = { method: 'finding-maps', target: 3, targetName: '3', params: { predicted: 3, probability: 0.8123 } };
    expect(diagnosisCaption(map)).toBe('diagnosis 3 (0.81)');
    expect(diagnosisCaption({ ...map, target: 1 })).toBeNull();
    expect(diagnosisCaption({ ...map, params: {} })).toBeNull();
    expect(diagnosisCaption({ ...map, targetName: null })).toBe('diagnosis 3 (0.81)');
  });

  it('gives a lesion map its presence', () => {
    expect(presenceCaption({ method: 'finding-maps:drusen', target: 1, targetName: '1', params: { finding: 'drusen', presence: 0.926 } })).toBe('drusen present 0.93');
    expect(presenceCaption({ method: 'gradcam', target: 1, targetName: '1', params: {} })).toBeNull();
  });
});
