import type { Claim } from '../claim';
import { adaCamClaim } from './adacam-claim';
import { braixClaim } from './braix-claim';
import { evalProtoPNetClaim } from './evalprotopnet-claim';
import { foproClaim } from './fopro-claim';
import { hamClaim } from './ham-claim';
import { lesionLinkedClaim } from './lesion-linked-claim';
import { mdmClaim } from './mdm-claim';
import { multiviewClaim } from './multiview-claim';
import { procKdClaim } from './proc-kd-claim';
import { protopnetClaim } from './protopnet-claim';
import { shortcutClaim } from './shortcut-claim';

/** The eleven seed systems' claims, in the order of the methods reference; a claim is one file and one line here. */
export const CLAIMS: readonly Claim[] = [
  protopnetClaim,
  braixClaim,
  multiviewClaim,
  evalProtoPNetClaim,
  mdmClaim,
  hamClaim,
  foproClaim,
  adaCamClaim,
  procKdClaim,
  lesionLinkedClaim,
  shortcutClaim,
];

export const claimIds = (): string[] => CLAIMS.map((c) => c.id);
