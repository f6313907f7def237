/** The `methods` filter of saliency maps: explainer ids only, so a misspelt one is an error rather than an empty list. */
import { EXPLAINER_IDS } from '@protoscope/job-contract';
import { badInput } from '../graphql/errors';

/** Finding-map methods store each finding's map under `finding-maps:<finding>` beside the union. */
const FINDING_MAP_PREFIX = 'finding-maps:';

export function checkSaliencyMethods(methods: readonly string[] | null | undefined): void {
  const known: readonly string[] = EXPLAINER_IDS;
  const unknown = (methods ?? []).filter((method) => !known.includes(method) && !method.startsWith(FINDING_MAP_PREFIX));
  if (unknown.length > 0) {
    throw badInput(`methods: unknown explanation method ${unknown.map((m) => `'${m}'`).join(', ')} (use: ${EXPLAINER_IDS.join(', ')}, or ${FINDING_MAP_PREFIX}<finding>)`);
  }
}
