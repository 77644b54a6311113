import type { DesignationEvent } from '@app/contracts';
import { isDeepStrictEqual } from 'node:util';
import type { DlqRecord } from '@app/contracts';
import { placeId, type ReadMessage } from './kafka-tools.js';

/** What the fault and fuzz tests compare with the clean-run oracle at the end of a stream. */

export interface EndStateProblems {
  missingDesignations: string[];
  unexpectedDesignations: string[];
  conflictingDesignations: string[];
  designationContent: string[];
  designationOrder: string[];
  aggregateMismatches: string[];
  lostEvents: string[];
  missingDeadLetters: string[];
  unexpectedDeadLetters: string[];
  /** A record dead-lettered twice with different bytes: never allowed. */
  conflictingDeadLetters: string[];
}

export const NO_END_STATE_PROBLEMS: EndStateProblems = {
  missingDesignations: [],
  unexpectedDesignations: [],
  conflictingDesignations: [],
  designationContent: [],
  designationOrder: [],
  aggregateMismatches: [],
  lostEvents: [],
  missingDeadLetters: [],
  unexpectedDeadLetters: [],
  conflictingDeadLetters: [],
};

export interface DesignationReport {
  expected: number;
  received: number;
  distinct: number;
  /** Re-publications of an event already in the topic (same eventId). */
  duplicates: number;
  missing: string[];
  unexpected: string[];
  /** Same eventId, different body: never allowed. */
  conflicting: string[];
  contentMismatches: string[];
  orderViolations: string[];
}

export function compareDesignations(
  expected: Map<string, DesignationEvent[]>,
  messages: readonly ReadMessage[],
): DesignationReport {
  // Per partition in offset order, which is per partner publication order (key = partnerId).
  const ordered = [...messages].sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
  const bodies = new Map<string, string>();
  const conflicting: string[] = [];
  const firstOrder = new Map<string, string[]>();
  let duplicates = 0;
  for (const m of ordered) {
    const body = m.value?.toString() ?? '';
    const event = JSON.parse(body) as DesignationEvent;
    const seen = bodies.get(event.eventId);
    if (seen !== undefined) {
      duplicates++;
      if (seen !== body) conflicting.push(event.eventId);
      continue;
    }
    bodies.set(event.eventId, body);
    firstOrder.set(event.partnerId, [...(firstOrder.get(event.partnerId) ?? []), event.eventId]);
  }
  const expectedById = new Map<string, DesignationEvent>();
  for (const list of expected.values()) for (const e of list) expectedById.set(e.eventId, e);
  const missing = [...expectedById.keys()].filter((id) => !bodies.has(id));
  const unexpected = [...bodies.keys()].filter((id) => !expectedById.has(id));
  const contentMismatches = [...expectedById]
    .filter(
      ([id, e]) =>
        bodies.has(id) &&
        !isDeepStrictEqual(JSON.parse(bodies.get(id) as string), JSON.parse(JSON.stringify(e))),
    )
    .map(([id]) => id);
  const orderViolations = [...expected]
    .filter(
      ([partnerId, list]) =>
        JSON.stringify(firstOrder.get(partnerId) ?? []) !== JSON.stringify(list.map((e) => e.eventId)),
    )
    .map(([p]) => p);
  return {
    expected: expectedById.size,
    received: messages.length,
    distinct: bodies.size,
    duplicates,
    missing,
    unexpected,
    conflicting,
    contentMismatches,
    orderViolations,
  };
}

export interface DeadLetterReport {
  expected: number;
  received: number;
  duplicates: number;
  missing: string[];
  unexpected: string[];
  conflicting: string[];
}

/**
 * The DLQ records `read` against the `expected` dead letters (values of the stream's malformed
 * records): each present, nothing else, and a record dead-lettered twice (a unit retried after its
 * publish reached Kafka) only as the same bytes: same key, same dead letter.
 */
export function compareDeadLetters(
  expected: readonly string[],
  read: readonly ReadMessage[],
): DeadLetterReport {
  // Each DLQ record once: the reading consumer itself may be handed a batch twice.
  const messages = [...new Map(read.map((m) => [placeId(m), m])).values()];
  const letters = messages.map((m) => ({
    bytes: `${m.key?.toString() ?? ''}\u0000${m.value?.toString() ?? ''}`,
    letter: JSON.parse(m.value?.toString() ?? '{}') as DlqRecord,
  }));
  const want = new Map<string, number>();
  for (const v of expected) want.set(v, (want.get(v) ?? 0) + 1);
  // Per original record (topic/partition/offset): its distinct dead letters, and how many copies.
  const byOriginal = new Map<string, { value: string; bodies: Set<string>; copies: number }>();
  for (const { bytes, letter } of letters) {
    const place = placeId(letter.original);
    const seen = byOriginal.get(place) ?? {
      value: letter.original.value ?? '',
      bodies: new Set<string>(),
      copies: 0,
    };
    seen.bodies.add(bytes);
    seen.copies++;
    byOriginal.set(place, seen);
  }
  const got = new Map<string, number>();
  for (const { value } of byOriginal.values()) got.set(value, (got.get(value) ?? 0) + 1);
  const missing = [...want].filter(([v, n]) => (got.get(v) ?? 0) < n).map(([v]) => v.slice(0, 80));
  const unexpected = [...got].filter(([v]) => !want.has(v)).map(([v]) => v.slice(0, 80));
  const conflicting = [...byOriginal].filter(([, o]) => o.bodies.size > 1).map(([place]) => place);
  return {
    expected: expected.length,
    received: messages.length,
    duplicates: messages.length - byOriginal.size,
    missing,
    unexpected,
    conflicting,
  };
}
