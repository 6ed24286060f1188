/**
 * CRC32C (Castagnoli), as Cloud Storage reports it. The client recomputes this checksum
 * after every upload and deletes the object when ours differs, so it must be exact.
 */

const POLY = 0x82f63b78; // reflected Castagnoli polynomial

const TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Extends a running CRC32C with `data`; start from 0. Lets resumable chunks be hashed as they come. */
export function crc32cUpdate(crc: number, data: Uint8Array): number {
  let c = ~crc >>> 0;
  for (const byte of data) c = (TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC32C of a whole buffer as an unsigned 32-bit number. */
export function crc32c(data: Uint8Array): number {
  return crc32cUpdate(0, data);
}

/** Base64 of the 4 big-endian digest bytes: the form of the `crc32c` field and `x-goog-hash`. */
export function crc32cBase64(data: Uint8Array): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32c(data), 0);
  return out.toString('base64');
}
