import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';

/**
 * Aggregates are stored as raw-deflated JSON: month-by-month rows repeat customer and workload
 * names, which deflate removes; level 1 keeps the CPU cost per write small.
 */
export function encodeJson(value: unknown): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(value)), { level: constants.Z_BEST_SPEED });
}

export function decodeJson<T>(blob: Buffer): T {
  return JSON.parse(inflateRawSync(blob).toString('utf8')) as T;
}
