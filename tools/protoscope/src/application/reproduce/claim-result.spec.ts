import type { Store } from '@protoscope/tracking';
import type { ArmSpec, Claim, ClaimSetting } from './claim';
import { armOrder, claimSettingKey, missingMethods, reproduceClaim } from './claim-result';
import { CLAIMS } from './claims';
import { SCALES } from './claim';
import { metricAt } from './metric-path';
import { selectClaims } from './reproduce';
import { canonicalJson } from './setting-hash';

const arm = (method: string, runOf?: Record<string, string>): ArmSpec => ({
  method,
  data: { generator: 'parts', n: 10, size: 16, seed: 1 },
  epochs: 1,
  batchSize: 4,
  config: {},
  ...(runOf ? { runOf } : {}),
  evaluation: { suites: ['classification'], split: 'test' },
});

describe('armOrder', () => {
  it('puts an arm after the arms whose runs it takes, and refuses a cycle', () => {
    expect(armOrder({ student: arm('global', { teacher: 'teacher' }), scratch: arm('global'), teacher: arm('global') })).toEqual(['teacher', 'student', 'scratch']);
    expect(() => armOrder({ a: arm('global', { x: 'b' }), b: arm('global', { y: 'a' }) })).toThrow(/cycle through 'a'/);
    expect(() => armOrder({ a: arm('global', { x: 'nobody' }) })).toThrow(/no arm 'nobody'/);
  });
});

describe('a claim whose method is not registered', () => {
  it('is not available, naming the method, and trains nothing', async () => {
    const setting: ClaimSetting = { description: 'd', arms: { a: arm('no-such-method'), b: arm('global') }, comparisons: [] };
    expect(missingMethods(setting)).toEqual(['no-such-method']);
    const claim: Claim = { id: 'x', section: '§0', system: 's', headline: 'h', setting: () => setting };
    const store = {} as Store; // never touched: nothing is looked up or trained
    const result = await reproduceClaim({ store, dataDir: '/nonexistent', log: () => undefined }, claim, { scale: 'micro', seeds: [1, 2] });
    expect(result).toMatchObject({ verdict: 'not available', unavailable: "method 'no-such-method' not registered in this build", runs: [], comparisons: [] });
  });
});

describe('setting keys', () => {
  it('do not depend on key order and change with the seeds', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    const claim = CLAIMS[0]!;
    const setting = claim.setting('quick');
    expect(claimSettingKey(claim, setting, [1, 2])).toMatch(/^[0-9a-f]{12}$/);
    expect(claimSettingKey(claim, setting, [1, 2])).toBe(claimSettingKey(claim, claim.setting('quick'), [1, 2]));
    expect(claimSettingKey(claim, setting, [1, 2, 3])).not.toBe(claimSettingKey(claim, setting, [1, 2]));
  });
});

describe('the claims registry', () => {
  it('has the eleven seed systems in the order of the methods reference, each comparison reading an arm of its setting at every scale', () => {
    expect(CLAIMS.map((c) => c.section)).toEqual(['§1', '§2', '§3', '§4', '§5', '§6', '§7', '§8', '§9', '§10', '§11']);
    expect(new Set(CLAIMS.map((c) => c.id)).size).toBe(11);
    for (const claim of CLAIMS) {
      for (const scale of SCALES) {
        const setting = claim.setting(scale);
        expect(setting.comparisons.length).toBeGreaterThan(0);
        for (const comparison of setting.comparisons) {
          for (const side of [comparison.a, comparison.b]) if ('arm' in side) expect(Object.keys(setting.arms)).toContain(side.arm);
        }
        expect(() => armOrder(setting.arms)).not.toThrow();
      }
    }
  });
});

describe('metricAt', () => {
  it('reads nested keys, the mean of a {mean, lower, upper}, and null for anything else', () => {
    const metrics = { auc: 0.9, tIoU: { ham: { '0.3': 0.4 } }, deletionAuc: { mdm: { mean: 0.2, lower: 0.1, upper: 0.3 } }, accuracy: null };
    expect(metricAt(['auc'])(metrics)).toBe(0.9);
    expect(metricAt(['tIoU', 'ham', '0.3'])(metrics)).toBe(0.4);
    expect(metricAt(['deletionAuc', 'mdm'])(metrics)).toBe(0.2);
    expect(metricAt(['accuracy'])(metrics)).toBeNull();
    expect(metricAt(['tIoU', 'gradcam', '0.3'])(metrics)).toBeNull();
  });
});

describe('selectClaims', () => {
  it('takes every claim in the registry order, or the --only ids in the order given', () => {
    expect(selectClaims(undefined).map((c) => c.id)).toEqual(CLAIMS.map((c) => c.id));
    expect(selectClaims(['shortcut', 'protopnet', 'shortcut']).map((c) => c.id)).toEqual(['shortcut', 'protopnet']);
    expect(() => selectClaims(['protopnet', 'foo', 'bar'])).toThrow('--only: unknown claims foo, bar (claims: protopnet, braix, multiview, evalprotopnet, mdm, ham, fopro, adacam, proc-kd, lesion-linked, shortcut)');
  });
});
