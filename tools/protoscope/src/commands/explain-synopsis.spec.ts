/**
 * The README's synopsis of `protoscope explain` and the command's `--methods` help name every
 * explanation method the registry has, so a reader learns of each one (Layer-CAM was left out).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explainerIds } from '@protoscope/eval';
import { buildProgram } from '../main';

const README = path.resolve(__dirname, '../../../../README.md');

describe('protoscope explain --methods', () => {
  it("is listed in the README's synopsis with every registered explainer id", () => {
    const synopsis = fs
      .readFileSync(README, 'utf8')
      .split('\n')
      .find((line) => line.startsWith('npx protoscope explain '));
    const listed = /--methods ([a-z,-]+)/.exec(synopsis ?? '')?.[1]?.split(',');
    expect(listed).toEqual([...explainerIds]);
  });

  it('names every registered explainer id in its help', () => {
    const explain = buildProgram().commands.find((command) => command.name() === 'explain')!;
    const help = explain.options.find((option) => option.long === '--methods')!.description;
    for (const id of explainerIds) expect(help).toContain(id);
  });
});
