import crypto from 'node:crypto';
import { byteRangePlaceholder } from './signature-field.ts';

/**
 * The bytes a PDF signature covers: the whole file but the hex string of /Contents
 * (ISO 32000-1 §12.8.1). `prepared` fills /ByteRange in place and gives the SHA-256 to sign;
 * `embed` writes the CMS into the reserved space.
 */
export interface PreparedSignature {
  bytes: Buffer;
  byteRange: [number, number, number, number];
  digest: Buffer;
}

export function prepare(bytes: Buffer, revisionStart: number): PreparedSignature {
  const rangeAt = bytes.indexOf(`/ByteRange ${byteRangePlaceholder}`, revisionStart, 'latin1');
  const contentsAt = bytes.indexOf('/Contents <0', revisionStart, 'latin1');
  if (rangeAt < 0 || contentsAt < 0) throw new Error('signature placeholders not found');
  const start = contentsAt + '/Contents '.length;
  const end = bytes.indexOf('>', start, 'latin1') + 1;
  const byteRange: [number, number, number, number] = [0, start, end, bytes.length - end];
  const text = `[${byteRange.join(' ')}]`.padEnd(byteRangePlaceholder.length, ' ');
  if (text.length !== byteRangePlaceholder.length) throw new Error('file too large for the byte range placeholder');
  bytes.write(text, rangeAt + '/ByteRange '.length, 'latin1');
  const digest = crypto.createHash('sha256').update(bytes.subarray(0, start)).update(bytes.subarray(end)).digest();
  return { bytes, byteRange, digest };
}

export function embed(prepared: PreparedSignature, cms: Buffer): Buffer {
  const [, start, end] = prepared.byteRange;
  const room = (end - start - 2) / 2;
  if (cms.length > room) throw new Error(`the CMS (${cms.length} bytes) does not fit the ${room} bytes reserved`);
  prepared.bytes.write(cms.toString('hex'), start + 1, 'latin1');
  return prepared.bytes;
}
