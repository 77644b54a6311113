import { MAX_VALUE_BYTES } from '@app/contracts';

// How a dead letter reports the original key and value of a malformed record (contracts.md §3).

/** The key or value as the DLQ reports it: UTF-8 text, or base64 when not UTF-8. */
export function dlqRepresentation(bytes: string | Buffer | null): {
  value: string | null;
  encoding: 'utf8' | 'base64';
} {
  if (bytes === null) return { value: null, encoding: 'utf8' };
  if (typeof bytes === 'string') return { value: bytes, encoding: 'utf8' };
  try {
    return { value: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { value: bytes.toString('base64'), encoding: 'base64' };
  }
}

/**
 * How a dead letter reports one original key or value, against the original bytes: whole (UTF-8
 * text, or base64 when not UTF-8) when it fits in 64 KiB; otherwise a prefix of its first 64 KiB
 * (less at most 3 bytes, cut at a character boundary) marked truncated, with the original size.
 * Returns what differs, or null.
 */
export function excerptMismatch(
  original: string | Buffer | null,
  reported: {
    value: string | null;
    encoding: 'utf8' | 'base64';
    truncated: true | undefined;
    bytes: number | undefined;
  },
): string | null {
  const size = original === null ? 0 : Buffer.byteLength(original);
  if (original === null || size <= MAX_VALUE_BYTES) {
    const whole = dlqRepresentation(original);
    if (reported.value !== whole.value || reported.encoding !== whole.encoding) {
      return 'differs from the original';
    }
    if (reported.truncated !== undefined || reported.bytes !== undefined) {
      return 'marked truncated although it fits';
    }
    return null;
  }
  if (reported.truncated !== true || reported.bytes !== size) {
    return `not marked truncated with its size ${size} (${reported.truncated}, ${reported.bytes})`;
  }
  const head = Buffer.from(reported.value ?? '', reported.encoding === 'base64' ? 'base64' : 'utf8');
  if (head.length > MAX_VALUE_BYTES || head.length < MAX_VALUE_BYTES - 3) {
    return `excerpt of ${head.length} bytes`;
  }
  if (!Buffer.from(original).subarray(0, head.length).equals(head)) {
    return 'excerpt is not a prefix of the original';
  }
  return null;
}

/** A dead letter's key is text or base64 without saying which (contracts.md §3): as the original bytes are. */
export function keyEncoding(key: string | Buffer | null): 'utf8' | 'base64' {
  return dlqRepresentation(key).encoding;
}
