import type { DesignationEvent } from '@app/contracts';
import { isDeepStrictEqual } from 'node:util';
import type { ReadMessage } from './kafka-tools.js';

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
