import type { InputEvent, InputTopicRole } from '@app/contracts';
import type { Random } from './random.js';

export interface RawRecord {
  role: InputTopicRole;
  key: string | null;
  value: string | Buffer;
}

/** Ways a record can be malformed; each must end in the DLQ with a reason. */
const MUTATIONS: ((e: InputEvent, rng: Random) => { key?: string | null; value: string | Buffer })[] = [
  (e) => ({ value: JSON.stringify(e).slice(0, 25) }),
  () => ({ value: Buffer.from([0xc3, 0x28, 0xff, 0x00, 0x81]) }),
  (e) => ({ value: JSON.stringify({ ...e, type: 'certification.teleported' }) }),
  (e) => ({ value: JSON.stringify({ ...e, occurredAt: '2026-02-30T10:00:00Z' }) }),
  (e) => ({ value: JSON.stringify({ ...e, eventId: 42 }) }),
  (e) => ({ value: JSON.stringify({ ...e, extra: true }) }),
  (e) => ({ value: JSON.stringify({ ...e, data: {} }) }),
  (e) => ({ key: `${e.partnerId}-other`, value: JSON.stringify(e) }),
  (e) => ({ value: `{"__proto__":{"polluted":true},${JSON.stringify(e).slice(1)}` }),
  (e) => ({ value: JSON.stringify(e).replace(/"occurredAt":"[^"]+"/, '"occurredAt":"NaN"') }),
  (e) => ({ value: JSON.stringify({ ...e, partnerId: '' }) }),
];

export function malformed(event: InputEvent, role: InputTopicRole, rng: Random): RawRecord {
  const mutation = rng.pick(MUTATIONS)(event, rng);
  return { role, key: mutation.key === undefined ? event.partnerId : mutation.key, value: mutation.value };
}
