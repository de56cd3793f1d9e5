// The PDF's font: DejaVu Sans from @fontsource (covers α, Σ, ≥, × and the currency signs), shipped
// as WOFF. fontkit inflates WOFF tables with a JavaScript inflater on every table read, which made
// each PDF take seconds; converting the WOFF once to a plain TrueType file with node's zlib makes
// it a matter of milliseconds.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

/** Thrown when a font file is not a WOFF file. */
export class FontFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FontFileError';
  }
}

/** A WOFF 1.0 font as the TrueType/OpenType (sfnt) file it wraps. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new FontFileError('not a WOFF font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: Buffer; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + 20 * i;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength)
      throw new FontFileError('a WOFF table inflates to the wrong size');
    tables.push({ tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data });
  }
  let power = 1;
  let log = 0;
  while (power * 2 <= numTables) {
    power *= 2;
    log++;
  }
  const header = Buffer.alloc(12 + 16 * numTables);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(log, 8);
  header.writeUInt16BE(numTables * 16 - power * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach((t, i) => {
    const at = 12 + 16 * i;
    t.tag.copy(header, at);
    header.writeUInt32BE(t.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

const cache = new Map<string, Buffer>();

/** DejaVu Sans in a style, as TrueType bytes (converted once per process). */
export function dejaVuSans(style: '400-normal' | '700-normal' | '400-italic'): Buffer {
  let font = cache.get(style);
  if (font === undefined) {
    const path = fileURLToPath(
      import.meta.resolve(`@fontsource/dejavu-sans/files/dejavu-sans-latin-${style}.woff`),
    );
    font = woffToSfnt(readFileSync(path));
    cache.set(style, font);
  }
  return font;
}
