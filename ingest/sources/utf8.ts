// UTF-8 validation that says where it fails, for decoding a stream chunk by chunk (Atom feeds).

/**
 * Length of the longest prefix of `b` made of complete, valid UTF-8 sequences (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF), and whether what follows is only the
 * beginning of a sequence cut off by the end of the buffer (`incomplete`) rather than an error.
 */
export function utf8Prefix(b: Uint8Array): { valid: number; incomplete: boolean } {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return { valid: i, incomplete: false };
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return { valid: i, incomplete: true };
      const d = b[i + k]!;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return { valid: i, incomplete: false };
    }
    i += need + 1;
  }
  return { valid: n, incomplete: false };
}
