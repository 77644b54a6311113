import {
  AGGREGATE_LAYOUT,
  type LegacyAggregate,
  type PartnerAggregate,
  aggregateFromLegacy,
  decodeAggregate,
} from '@app/scoring';
import { decodeJson } from './codec.js';
import type { StoredLayout } from './partner-store.js';

// How a partner hash says which layout it is stored in, and reading its aggregate whatever the
// layout (PartnerStore converts older layouts as it reads them).

/** The hash field holding the layout number (absent before layout 3). */
export const LAYOUT = 'fmt';
/** The whole aggregate as deflated JSON: layout 1, converted on first read (see commitPartner). */
const LEGACY_AGGREGATE = 'agg';

export function layoutOf(fields: Map<string, Buffer>): StoredLayout {
  const written = fields.get(LAYOUT)?.toString();
  if (written === undefined) return fields.has(LEGACY_AGGREGATE) ? 1 : 2;
  return Number(written) as StoredLayout;
}

/**
 * The aggregate from its hash fields. A partner of an older layout is converted with every fact
 * marked changed, so its next commit writes the current layout (and drops a layout-1 field): an
 * old store is migrated as it is used, and never read wrongly.
 */
export function aggregateOf(partnerId: string, fields: Map<string, Buffer>): PartnerAggregate {
  const layout = layoutOf(fields);
  const legacy = fields.get(LEGACY_AGGREGATE);
  if (layout === 1 && legacy) return aggregateFromLegacy(decodeJson<LegacyAggregate>(legacy));
  if (layout !== 2 && layout !== AGGREGATE_LAYOUT) {
    throw new Error(
      `partner ${partnerId} is stored in layout ${String(fields.get(LAYOUT))}, which this version cannot read: rebuild the store from the log (docs/operations.md)`,
    );
  }
  return decodeAggregate(partnerId, fields, layout);
}
