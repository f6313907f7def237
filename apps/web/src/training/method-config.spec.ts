import { parseConfigText } from './method-config';

describe('training form config', () => {
  it('takes empty text as the defaults and a JSON object as the config', () => {
    expect(parseConfigText('  ')).toEqual({});
    expect(parseConfigText('{"learningRate": 0.002}')).toEqual({ config: { learningRate: 0.002 } });
  });

  it('names what is wrong with anything else', () => {
    expect(parseConfigText('{learningRate: 1}').error).toMatch(/^config is not JSON: /);
    expect(parseConfigText('[1, 2]').error).toBe('config must be a JSON object, e.g. {"learningRate": 0.002}');
    expect(parseConfigText('3').error).toBe('config must be a JSON object, e.g. {"learningRate": 0.002}');
  });
});
