import { topicRoleOfType, type InputEvent } from '@app/contracts';
import { Random } from '@app/simulation';
import { type MalformedRecord, type Mutation } from './malformed-mutation.js';
import { RECORD_MUTATIONS } from './record-mutations.js';
import { SCHEMA_MUTATIONS } from './schema-mutations.js';

export type { MalformedRecord } from './malformed-mutation.js';

// Generated malformed input records for the fuzz tests. Each record is built from a valid event
// and carries ONE defect, so its DLQ code follows from contracts.md alone (never from running the
// decoder): the expected code is written down next to the defect (record-mutations.ts,
// schema-mutations.ts). Records with several defects (random binary, a non-UTF-8 byte inside
// JSON) are labelled by the validation order the README documents: size, UTF-8, JSON, type,
// topic, schema, key.

/** The mutations in their weighted draw order (as before the split): a seed gives the same records. */
const MUTATIONS: [weight: number, Mutation][] = [...RECORD_MUTATIONS, ...SCHEMA_MUTATIONS];

const TOTAL_WEIGHT = MUTATIONS.reduce((n, [w]) => n + w, 0);

function pickMutation(rng: Random): Mutation {
  let r = rng.next() * TOTAL_WEIGHT;
  for (const [w, m] of MUTATIONS) {
    r -= w;
    if (r < 0) return m;
  }
  return (MUTATIONS[MUTATIONS.length - 1] as [number, Mutation])[1];
}

/** `count` malformed records built from `base` (valid events), reproducibly from `seed`. */
export function malformedRecords(
  base: readonly InputEvent[],
  count: number,
  seed: number,
): MalformedRecord[] {
  if (base.length === 0) throw new Error('malformedRecords needs valid events to mutate');
  const rng = new Random(seed);
  const out: MalformedRecord[] = [];
  for (let i = 0; i < count; i++) {
    const event = rng.pick(base);
    const m = pickMutation(rng)(event, rng);
    out.push({
      role: m.role ?? topicRoleOfType(event.type),
      key: m.key,
      value: m.value,
      code: m.code,
      kind: m.kind,
    });
  }
  return out;
}

/**
 * Records just under the broker's 1 MB message limit: accepted by Kafka, over capscore's 64 KiB.
 * Binary ones are reported base64-encoded in the DLQ (a third larger than the record itself).
 * The last one is a valid event under a 900 KB key (non-ASCII, so a 64 KiB cut can fall inside
 * a character): a key mismatch whose key alone is as large as the broker allows.
 */
export function nearBrokerLimitRecords(base: readonly InputEvent[], seed: number): MalformedRecord[] {
  const rng = new Random(seed);
  const event = rng.pick(base);
  const role = topicRoleOfType(event.type);
  const text = JSON.stringify(event);
  const binary = Buffer.alloc(900_000);
  for (let i = 0; i < binary.length; i++) binary[i] = rng.int(0, 255);
  binary[0] = 0xff;
  return [
    {
      role,
      key: event.partnerId,
      value: `{${' '.repeat(950_000)}${text.slice(1)}`,
      code: 'too-large',
      kind: 'near-broker-limit',
    },
    {
      role,
      key: event.partnerId,
      value: `{${'\n'.repeat(700_000)}${text.slice(1)}`,
      code: 'too-large',
      kind: 'near-broker-limit',
    },
    { role, key: event.partnerId, value: binary, code: 'too-large', kind: 'near-broker-limit' },
    {
      role,
      key: `${event.partnerId}${'é'.repeat(450_000)}`,
      value: text,
      code: 'key-mismatch',
      kind: 'near-broker-limit-key',
      partitionBy: event.partnerId,
    },
  ];
}
