import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { after } from 'node:test';
import PDFDocument from 'pdfkit';
import { useDejaVu } from '../../lib/pdf.ts';
import { buildCertificate, keyIdentifier, randomSerial } from './build-certificate.ts';
import { readCertificate } from './certificate-fields.ts';
import { buildCrl, type RevokedEntry } from './crl.ts';
import { readDer } from './der.ts';
import { localSigner } from './local-signer.ts';
import { writePkcs12 } from './pkcs12.ts';
import type { RevocationSource } from './revocation-source.ts';
import type { SigningService } from './signing-service.ts';
import { buildName } from './x509-names.ts';
import { findSignatures } from './pdf/find-signatures.ts';

/** Test helpers of the signing module: documents to sign, and the real tools that judge the result. */

/** A two-page result-like A4 PDF in Vietnamese, as renderResultPdf makes them (pdfkit, DejaVu). */
export async function twoPagePdf(): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 57,
    info: { Title: 'Quyết định cấp giấy phép', Creator: 'Một Cửa', CreationDate: new Date(0) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  useDejaVu(doc);
  doc.font('bold').fontSize(14).text('QUYẾT ĐỊNH', { align: 'center' });
  doc.font('regular').fontSize(13);
  for (let i = 1; i <= 14; i++)
    doc.text(`Điều ${i}. Cấp phép cho ông Nguyễn Văn Ánh, thôn Kiều Ngữ, xã Ỷ La, được hoạt động theo quy định của pháp luật.`);
  doc.addPage().text('Nơi nhận: như Điều 3.');
  doc.end();
  return done;
}

/**
 * A one-page PDF whose catalog, pages and page sit in an object stream, with a cross-reference
 * stream using the PNG Up predictor: the layout of files saved by Acrobat and many other tools.
 */
export function objectStreamPdf(): Buffer {
  const content = zlib.deflateSync(Buffer.from('BT /F1 24 Tf 72 720 Td (Giay phep so 1) Tj ET'));
  const packed = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  ];
  let header = '';
  let body = '';
  packed.forEach((o, i) => {
    header += `${i + 1} ${body.length} `;
    body += `${o}\n`;
  });
  const objStm = zlib.deflateSync(Buffer.from(header + body));
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  const add = (b: Buffer) => parts.push(b);
  const at = () => parts.reduce((n, p) => n + p.length, 0);
  offsets[4] = at();
  add(
    Buffer.concat([
      Buffer.from(`4 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`),
      content,
      Buffer.from('\nendstream\nendobj\n'),
    ]),
  );
  offsets[5] = at();
  add(Buffer.from('5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n'));
  offsets[6] = at();
  add(
    Buffer.concat([
      Buffer.from(`6 0 obj\n<< /Type /ObjStm /N 3 /First ${header.length} /Length ${objStm.length} /Filter /FlateDecode >>\nstream\n`),
      objStm,
      Buffer.from('\nendstream\nendobj\n'),
    ]),
  );
  const xrefAt = at();
  // Rows (type, field 2, field 3) with widths 1 2 1, each preceded by PNG filter 2 (Up).
  const rows = [
    [0, 0, 255],
    [2, 6, 0],
    [2, 6, 1],
    [2, 6, 2],
    [1, offsets[4]!, 0],
    [1, offsets[5]!, 0],
    [1, offsets[6]!, 0],
    [1, xrefAt, 0],
  ];
  const raw = rows.map(([t, f2, f3]) => Buffer.from([t!, f2! >> 8, f2! & 255, f3!]));
  const predicted = raw.map((row, r) =>
    Buffer.concat([Buffer.from([2]), Buffer.from(row.map((b, i) => (b - (r > 0 ? raw[r - 1]![i]! : 0)) & 255))]),
  );
  const xref = zlib.deflateSync(Buffer.concat(predicted));
  add(
    Buffer.concat([
      Buffer.from(
        `7 0 obj\n<< /Type /XRef /Size 8 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length ${xref.length} >>\nstream\n`,
      ),
      xref,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`),
    ]),
  );
  return Buffer.concat(parts);
}

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface PdfsigSignature {
  commonName: string;
  validation: string;
  certificate: string;
  totalDocument: boolean;
}

/** `pdfsig` on a file (with an NSS database of trusted roots, or the default one), parsed per signature. */
export function pdfsig(file: string, nssDir?: string): PdfsigSignature[] {
  const args = nssDir ? ['-nssdir', `sql:${nssDir}`, file] : [file];
  const out = spawnSync('pdfsig', args, { encoding: 'utf8' }).stdout;
  return out
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block) => ({
      commonName: block.match(/Signer Certificate Common Name: (.*)/)?.[1] ?? '',
      validation: block.match(/Signature Validation: (.*)/)?.[1] ?? '',
      certificate: block.match(/Certificate Validation: (.*)/)?.[1] ?? '',
      totalDocument: /- Total document signed/.test(block),
    }));
}

/** A fresh NSS database that trusts `root` for signing (certutil -N, -A). */
export function nssTrusting(root: Buffer, dir: string): string {
  const db = path.join(dir, 'nss');
  fs.mkdirSync(db);
  const pem = path.join(dir, 'root.pem');
  fs.writeFileSync(pem, new X509Certificate(root).toString());
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'Mot Cua Dev Root CA', '-t', 'C,C,C', '-i', pem]);
  return db;
}

/** `openssl cms -verify` of each signature of a file against `root`: its stderr verdict per signature. */
export function opensslVerifyAll(pdf: Buffer, root: Buffer, dir: string): string[] {
  const ca = path.join(dir, 'openssl-root.pem');
  fs.writeFileSync(ca, new X509Certificate(root).toString());
  return findSignatures(pdf).map((s, i) => {
    const [a, b, c, d] = s.byteRange;
    const sig = path.join(dir, `sig-${i}.der`);
    const data = path.join(dir, `signed-${i}.bin`);
    fs.writeFileSync(sig, readDer(s.contents!).raw); // without the zero padding of the reserved space
    fs.writeFileSync(data, Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]));
    const r = spawnSync(
      'openssl',
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', data, '-CAfile', ca, '-out', '/dev/null'],
      {
        encoding: 'utf8',
      },
    );
    return `${r.status} ${r.stderr.trim()}`;
  });
}

/** A CA in memory (no database): its root, signers it issues, and a source of its (empty or given) CRL. */
export function memoryAuthority() {
  const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const subject = { commonName: 'Kiểm thử Root CA', country: 'VN' };
  const issuer = buildName(subject);
  const keyId = keyIdentifier(ca.publicKey);
  const now = Date.now();
  const root = buildCertificate(
    {
      serial: randomSerial(),
      issuer,
      subject,
      notBefore: new Date(now - 86400_000),
      notAfter: new Date(now + 3650 * 86400_000),
      publicKey: ca.publicKey,
      authority: true,
      issuerKeyId: keyId,
    },
    ca.privateKey,
  );
  const revoked: RevokedEntry[] = [];
  const revocation: RevocationSource = {
    evidenceFor: async () => ({
      crl: buildCrl(
        { issuer, issuerKeyId: keyId, number: 1, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + 86400_000), revoked },
        ca.privateKey,
      ),
      issuer: new X509Certificate(root),
    }),
  };
  const signer = (commonName: string, organisation: string): SigningService & { serial: string } => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certificate = buildCertificate(
      {
        serial: randomSerial(),
        issuer,
        subject: { commonName, organisation, country: 'VN' },
        notBefore: new Date(now - 3600_000),
        notAfter: new Date(now + 365 * 86400_000),
        publicKey: pair.publicKey,
        authority: false,
        issuerKeyId: keyId,
      },
      ca.privateKey,
    );
    return {
      ...localSigner({ privateKey: pair.privateKey, certificates: [certificate, root] }),
      serial: readCertificate(certificate).serial,
    };
  };
  return {
    root,
    revocation,
    signer,
    revoke: (serial: string) => revoked.push({ serial, revokedAt: new Date(), reason: 'key_compromise' }),
  };
}

/**
 * The PKCS#12 file of a key issued by a CA other than the development one (as a province's real
 * CA issues them), valid over `validity`: what an admin imports at Quản trị › Chữ ký số.
 */
export function foreignPkcs12(
  commonName: string,
  organisation: string,
  validity: { notBefore: Date; notAfter: Date },
): { pkcs12: Buffer; password: string; root: Buffer } {
  const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const caSubject = { commonName: 'Root CA của tỉnh (kiểm thử)', country: 'VN' };
  const issuer = buildName(caSubject);
  const issuerKeyId = keyIdentifier(ca.publicKey);
  const now = Date.now();
  const root = buildCertificate(
    {
      serial: randomSerial(),
      ...{ issuer, subject: caSubject, notBefore: new Date(now - 3650 * 86400_000), notAfter: new Date(now + 3650 * 86400_000) },
      ...{ publicKey: ca.publicKey, authority: true, issuerKeyId },
    },
    ca.privateKey,
  );
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const subject = { commonName, organisation, country: 'VN' };
  const certificate = buildCertificate(
    { serial: randomSerial(), issuer, subject, ...validity, publicKey: pair.publicKey, authority: false, issuerKeyId },
    ca.privateKey,
  );
  const password = 'mat-khau-thu';
  return { pkcs12: writePkcs12({ privateKey: pair.privateKey, certificates: [certificate, root] }, password, commonName), password, root };
}

/** An RGBA PNG: a blue diagonal stroke on a transparent background, like a scanned signature image. */
export function signaturePng(width = 120, height = 48): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 4);
    for (let x = 0; x < width; x++) {
      const onStroke = Math.abs(y - (x * height) / width) < 2.5 || Math.abs(y - height / 2 - Math.sin(x / 9) * 8) < 1.5;
      if (onStroke) row.set([0x1f, 0x3f, 0xa8, 0xff], 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
