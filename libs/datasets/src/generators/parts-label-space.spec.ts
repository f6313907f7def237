import { getGenerator } from './generator-registry';
import type { GeneratorParams } from './dataset-generator';

const params = (options: GeneratorParams['options']): GeneratorParams => ({ n: 24, seed: 3, size: 32, options: { classes: 8, ...options } });

describe('parts --label-space', () => {
  const full = getGenerator('parts').generate(params({}));

  it.each([
    ['head', 'head', ['red-head', 'blue-head']],
    ['tail', 'tail', ['fan-tail', 'fork-tail']],
    ['wing', 'wing', ['plain-wing', 'striped-wing']],
  ])('%s labels the same images by that part alone', (space, task, classes) => {
    const other = getGenerator('parts').generate(params({ 'label-space': space }));
    expect(other.primaryTask).toBe(task);
    expect(Object.keys(other.tasks)).toEqual([task]);
    expect(other.tasks[task]!.classes).toEqual(classes);
    other.images.forEach((g, i) => {
      const original = full.images[i]!;
      expect(Buffer.compare(Buffer.from(g.image.data.buffer), Buffer.from(original.image.data.buffer))).toBe(0);
      // The 8-class label is head + 2·tail + 4·wing (parts.ts), so each bit is one part's label.
      const label = original.record.labels['class'] as number;
      const expected = { head: label & 1, tail: (label >> 1) & 1, wing: (label >> 2) & 1 }[space as 'head' | 'tail' | 'wing'];
      expect(g.record.labels).toEqual({ [task]: expected });
      const attribute = original.record.attributes![space]!;
      expect(classes[expected]).toContain(String(attribute === 0 ? 'red' : attribute === 1 ? 'blue' : attribute));
    });
  });

  it('refuses an unknown label space by name', () => {
    expect(() => getGenerator('parts').generate(params({ 'label-space': 'beak' }))).toThrow("--label-space must be class, head, tail, wing; got 'beak'");
  });
});
