import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { inspectJpeg, inspectPng } from './inspect-image.ts';
import { inspectPdf } from './inspect-pdf.ts';
import { inspectZip } from './inspect-zip.ts';
import { mediaTypes, type MediaType } from './limits.ts';
import { readAt } from './read-at.ts';
import { notAllowed, rejected } from './refusal.ts';

/**
 * The media type of a written upload, from its content alone (the name is never consulted), once
 * it has passed the checks of its type. Throws a Refusal for any other content, naming what it
 * looks like when recognised, and for accepted types that are bombs, too large in pixels or damaged.
 */
export async function inspectContent(file: FileHandle, filePath: string, size: number): Promise<MediaType> {
  if (size === 0) throw rejected('empty file', 'tệp rỗng (0 byte)');
  const head = await readAt(file, 0, 16);
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
  if (head.toString('latin1', 0, 5) === '%PDF-') {
    await inspectPdf(await fs.readFile(filePath));
    return mediaTypes.pdf;
  }
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    await inspectPng(file);
    return mediaTypes.png;
  }
  if (starts([0xff, 0xd8, 0xff])) {
    await inspectJpeg(file, size);
    return mediaTypes.jpeg;
  }
  if (starts([0x50, 0x4b, 0x03, 0x04])) return (await inspectZip(file, size)) === 'docx' ? mediaTypes.docx : mediaTypes.xlsx;
  throw notAllowed(`content starts with ${head.subarray(0, 8).toString('hex')}`, recognise(head));
}

/** What a refused file looks like, in words, for the common cases people upload by mistake. */
function recognise(head: Buffer): string | null {
  const text = head.toString('latin1');
  const hex = head.toString('hex');
  if (text.startsWith('MZ')) return 'tệp chương trình (EXE)';
  if (text.startsWith('\x7fELF')) return 'tệp chương trình (ELF)';
  if (hex.startsWith('d0cf11e0a1b11ae1')) return 'tài liệu Office đời cũ (DOC, XLS) hoặc tệp được đặt mật khẩu';
  if (text.startsWith('GIF8')) return 'ảnh GIF';
  if (text.startsWith('RIFF') && text.slice(8, 12) === 'WEBP') return 'ảnh WEBP';
  if (text.slice(4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1|hevc)/.test(text.slice(8, 12))) return 'ảnh HEIC (ảnh chụp từ iPhone)';
  if (text.slice(4, 8) === 'ftyp') return 'tệp video';
  if (text.startsWith('II*\0') || text.startsWith('MM\0*')) return 'ảnh TIFF';
  if (text.startsWith('BM')) return 'ảnh BMP';
  if (text.startsWith('Rar!')) return 'tệp nén RAR';
  if (hex.startsWith('377abcaf271c')) return 'tệp nén 7z';
  if (hex.startsWith('1f8b')) return 'tệp nén GZIP';
  if (text.startsWith('{\\rtf')) return 'tài liệu RTF';
  if (/^(\xef\xbb\xbf)?\s*</.test(text)) return 'trang web hoặc tệp XML';
  return null;
}
