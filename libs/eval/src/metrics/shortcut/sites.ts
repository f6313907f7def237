/** Site (source) labels: one non-negative integer per case, checked against the case count. */
import { MetricInputError } from '../errors';

export function checkSites(metric: string, sites: ArrayLike<number>, cases: number): Int32Array {
  if (sites.length !== cases) {
    throw new MetricInputError(metric, `sites has ${sites.length} cases but there are ${cases}`);
  }
  const checked = new Int32Array(cases);
  for (let i = 0; i < cases; i++) {
    const site = sites[i];
    if (!Number.isInteger(site) || site < 0 || site > 0x7fffffff) {
      throw new MetricInputError(metric, `sites[${i}] is ${String(site)}; sites must be non-negative integers`);
    }
    checked[i] = site;
  }
  return checked;
}

/** Distinct site ids, ascending, with the case indices of each. */
export function casesBySite(sites: Int32Array): Array<{ site: number; indices: number[] }> {
  const groups = new Map<number, number[]>();
  sites.forEach((site, i) => {
    const group = groups.get(site);
    if (group) group.push(i);
    else groups.set(site, [i]);
  });
  return [...groups.keys()].sort((a, b) => a - b).map((site) => ({ site, indices: groups.get(site)! }));
}
