/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320 reflected, init and final XOR 0xFFFFFFFF)
 * of raw bytes, as an unsigned 32-bit integer. PayPal signs the decimal form of this value of the
 * raw webhook body (`SSLUtil.crc32` in paypal/PayPal-Java-SDK, `zlib.crc32` in Node >= 20.15).
 * Check value: crc32("123456789") = 3421780262 (0xCBF43926).
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
