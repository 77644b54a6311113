import { hash } from 'node:crypto';
import type { CauseKind, DesignationLifecycle, LifecycleState } from './lifecycle-state.js';
import { type Dict, entriesOf, getOwn, setOwn } from './own.js';
import type { WorklistPlaces } from './worklists.js';

/**
 * What the store keeps next to a partner's facts (the `life` field of its hash): the lifecycle,
 * per designation the digest of the last published score snapshot (a snapshot is published only
 * when it changes), the next instant at which the partner changes without a new event, and its
 * places on the worklists (the cross-partner indexes follow them through the outbox).
 */
export interface PartnerMeta {
  lifecycle: LifecycleState;
  snapshots: Dict<string>;
  next: { at: number; kind: CauseKind } | null;
  /** Where the partner stands on the worklists (absent in metas written before them: on none). */
  worklists?: WorklistPlaces;
  /** The next certification expiry (its place on the expiring-certifications list), null for none. */
  expiring?: number | null;
  /**
   * Not stored: the snapshot contents whose digests `snapshots` holds, as the process that
   * evaluated last computed them. An unchanged content then needs no digest (a SHA-1 per
   * designation per evaluation, about 1 % of the scorer's CPU on live traffic).
   */
  snapshotContents?: Dict<string>;
}

/**
 * The digest of a score snapshot's content: 64 bits of SHA-1, so that a changed snapshot goes
 * unpublished with probability 2^-64 per change. Stored instead of the content it digests.
 */
export function snapshotDigest(content: string): string {
  return hash('sha1', content, 'base64').slice(0, 11);
}

/** Marks the compact form: a JSON array whose first element is this version. */
const META_FORMAT = 3;

/** The snapshot digest, then the lifecycle (absent for a designation with a snapshot only). */
type CompactDesignation =
  | [snapshot: string | null]
  | [
      snapshot: string | null,
      held: 0 | 1,
      grantedAt: number | null,
      anniversary: number | null,
      renewals: number,
      lastQualifiedAt: number | null,
      atRisk: 0 | 1,
    ];
type CompactMeta = [
  format: typeof META_FORMAT,
  lastEvaluatedAt: number | null,
  next: [at: number, kind: CauseKind] | null,
  designations: Dict<CompactDesignation>,
  worklists?: WorklistPlaces | null,
  expiring?: number | null,
];

/**
 * The stored form: one JSON array, a designation's lifecycle and snapshot digest in one
 * positional entry under its id (a third of the size of the object form, written at every commit).
 */
export function encodePartnerMeta(meta: PartnerMeta): string {
  const designations: Dict<CompactDesignation> = {};
  const ids = new Set([...Object.keys(meta.lifecycle.designations), ...Object.keys(meta.snapshots)]);
  for (const id of [...ids].sort()) {
    const d = getOwn(meta.lifecycle.designations, id);
    const snapshot = getOwn(meta.snapshots, id) ?? null;
    setOwn(
      designations,
      id,
      d
        ? [
            snapshot,
            d.held ? 1 : 0,
            d.grantedAt,
            d.anniversary,
            d.renewals,
            d.lastQualifiedAt,
            d.atRisk ? 1 : 0,
          ]
        : [snapshot],
    );
  }
  const compact: CompactMeta = [
    META_FORMAT,
    meta.lifecycle.lastEvaluatedAt,
    meta.next ? [meta.next.at, meta.next.kind] : null,
    designations,
  ];
  // Worklist places are rare (a partner at risk or a few points short): left out when empty.
  const worklists = meta.worklists && Object.keys(meta.worklists).length > 0 ? meta.worklists : null;
  const expiring = meta.expiring ?? null;
  if (worklists !== null || expiring !== null) compact.push(worklists, expiring);
  return JSON.stringify(compact);
}

/** Reads the compact form, and the object form written before it (2026-11-28). */
export function decodePartnerMeta(text: string): PartnerMeta {
  const parsed = JSON.parse(text) as CompactMeta | LegacyMeta;
  if (!Array.isArray(parsed)) return fromLegacy(parsed);
  if (parsed[0] !== META_FORMAT) {
    throw new Error(`stored partner meta has format ${String(parsed[0])}, which this version cannot read`);
  }
  const [, lastEvaluatedAt, next, compact, worklists, expiring] = parsed;
  const designations: Dict<DesignationLifecycle> = {};
  const snapshots: Dict<string> = {};
  for (const [id, entry] of entriesOf(compact)) {
    if (entry[0] !== null) setOwn(snapshots, id, entry[0]);
    if (entry.length === 1) continue;
    const [, held, grantedAt, anniversary, renewals, lastQualifiedAt, atRisk] = entry;
    setOwn(designations, id, {
      held: held === 1,
      grantedAt,
      anniversary,
      renewals,
      lastQualifiedAt,
      atRisk: atRisk === 1,
    });
  }
  return {
    lifecycle: { lastEvaluatedAt, designations },
    snapshots,
    next: next ? { at: next[0], kind: next[1] } : null,
    worklists: worklists ?? {},
    expiring: expiring ?? null,
  };
}

/** The object form, with readable snapshot contents instead of digests. */
interface LegacyMeta {
  lifecycle: LifecycleState;
  snapshots?: Dict<string>;
  next?: PartnerMeta['next'];
  worklists?: WorklistPlaces;
  expiring?: number | null;
}

function fromLegacy(legacy: LegacyMeta): PartnerMeta {
  // Digests of the stored contents, so an unchanged snapshot is still recognised as unchanged.
  const snapshots: Dict<string> = {};
  for (const [id, content] of entriesOf(legacy.snapshots ?? {})) {
    setOwn(snapshots, id, snapshotDigest(content));
  }
  return {
    lifecycle: legacy.lifecycle,
    snapshots,
    next: legacy.next ?? null,
    worklists: legacy.worklists ?? {},
    expiring: legacy.expiring ?? null,
  };
}
