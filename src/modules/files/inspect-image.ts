import type { FileHandle } from 'node:fs/promises';
import { limits } from './limits.ts';
import { readAt } from './read-at.ts';
import { damaged, rejected } from './refusal.ts';

/** Refuses a PNG whose IHDR is missing or declares more than `limits.maxMegapixels`. */
export async function inspectPng(file: FileHandle): Promise<void> {
  const head = await readAt(file, 8, 25);
  if (head.length < 25 || head.readUInt32BE(0) !== 13 || head.toString('latin1', 4, 8) !== 'IHDR')
    throw rejected('PNG without IHDR', damaged);
  checkPixels(head.readUInt32BE(8), head.readUInt32BE(12), 'PNG');
}

// Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * Refuses a JPEG whose first frame header cannot be found before the image data, or declares
 * more than `limits.maxMegapixels`. Walks the marker segments from the start (EXIF and other
 * APPn segments are skipped by their lengths, never read whole).
 */
export async function inspectJpeg(file: FileHandle, size: number): Promise<void> {
  let pos = 2;
  for (let segments = 0; segments < 10_000 && pos + 4 <= size; segments++) {
    const head = await readAt(file, pos, 4);
    if (head[0] !== 0xff) throw rejected(`JPEG: no marker at ${pos}`, damaged);
    const marker = head[1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2; // markers without a length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // image data or end before any frame header
    const length = head.readUInt16BE(2);
    if (length < 2) throw rejected(`JPEG: segment length ${length}`, damaged);
    if (isStartOfFrame(marker)) {
      const frame = await readAt(file, pos + 4, 5);
      if (frame.length < 5) break;
      checkPixels(frame.readUInt16BE(3), frame.readUInt16BE(1), 'JPEG');
      return;
    }
    pos += 2 + length;
  }
  throw rejected('JPEG without a frame header', damaged);
}

function checkPixels(width: number, height: number, kind: string): void {
  if (width === 0 || height === 0) throw rejected(`${kind} ${width}×${height}`, damaged);
  const megapixels = (width * height) / 1e6;
  if (megapixels > limits.maxMegapixels)
    throw rejected(
      `${kind} ${width}×${height}`,
      `ảnh có kích thước ${width}×${height} điểm ảnh (${Math.round(megapixels)} megapixel), vượt giới hạn ${limits.maxMegapixels} megapixel`,
    );
}
