/** Unsigned LEB128 varints and raw bytes: the compact stored form of a customer's figures. */
export class ByteWriter {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  /** A non-negative safe integer. */
  uint(value: number): void {
    this.reserve(8);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  /** A safe integer of either sign (zigzag). */
  int(value: number): void {
    this.uint(value < 0 ? -2 * value - 1 : 2 * value);
  }

  /** An even number of hex characters as bytes (a digest prefix). */
  digest(hex: string): void {
    // By hand rather than Buffer#write: a call into C++ per digest showed in the scorer's profile.
    const n = hex.length >> 1;
    this.reserve(n);
    for (let i = 0; i < 2 * n; i += 2) {
      this.buffer[this.length++] = (hexValue(hex.charCodeAt(i)) << 4) | hexValue(hex.charCodeAt(i + 1));
    }
  }

  done(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

/** A lower- or upper-case hex digit's value (digests are hex: nothing else reaches it). */
function hexValue(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

export class ByteReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  uint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.buffer[this.offset++];
      if (byte === undefined) throw new RangeError('stored figures end early');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 1 ? -(z + 1) / 2 : z / 2;
  }

  /** `bytes` bytes as hex; `keep` of them are returned (a shorter prefix when converting a layout). */
  digest(bytes: number, keep = bytes): string {
    if (this.offset + bytes > this.buffer.length) throw new RangeError('stored figures end early');
    const hex = this.buffer.toString('hex', this.offset, this.offset + keep);
    this.offset += bytes;
    return hex;
  }

  get atEnd(): boolean {
    return this.offset >= this.buffer.length;
  }
}
