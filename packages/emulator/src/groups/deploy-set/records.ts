import type { StoredRecord } from '../../store.js';

/** Kind `deploySet` (see core/deploy-sets.ts for the checks VM placement makes). */
export interface DeploySetRecord extends StoredRecord {
  deploysetId: string;
  name: string;
  desc: string;
  createTime: string;
}
