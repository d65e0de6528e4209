import { openPdf, type PdfFile, type XrefEntry } from './pdf-file.ts';
import { isName, PdfDict, type PdfObject, PdfRef, PdfStream, serialize, type PdfValue } from './pdf-syntax.ts';

/**
 * What was added to a file after a signature (the revisions beyond its /ByteRange):
 * - 'none': nothing, the signature covers the whole file;
 * - 'signatures_only': only what adding further signatures needs (signature fields and their
 *   appearances, the page's /Annots and the form's /Fields grown by them, the catalog's
 *   /AcroForm, /DSS or metadata): the content the signer saw is what is shown;
 * - 'signatures_and_stamps': that, and annotations that a later signature covers, which its
 *   signer wrote on the page with it (the number the organisation's seal issues, in the header's
 *   blank): the content signed is intact, and a later signer vouches for what was written on it;
 * - 'other': anything else (a page's content, an annotation no later signature covers, a deleted
 *   object), which could change what the reader sees though the signed bytes are intact;
 * - 'unknown': the revisions could not be read.
 * `laterSigned` are the lengths the file's other signatures cover (c + d of their /ByteRange);
 * `stampedBy`, those of the signatures that first cover a stamp (the ones that wrote them), for the
 * verdict to judge whether they may vouch for it.
 */
export type LaterChanges = 'none' | 'signatures_only' | 'signatures_and_stamps' | 'other' | 'unknown';

export function laterChanges(bytes: Buffer, signedLength: number, laterSigned: number[] = []): { kind: LaterChanges; stampedBy: number[] } {
  const stampedBy = new Set<number>();
  const kind = classify(bytes, signedLength, laterSigned, stampedBy);
  return { kind, stampedBy: kind === 'signatures_and_stamps' ? [...stampedBy] : [] };
}

function classify(bytes: Buffer, signedLength: number, laterSigned: number[], stampedBy: Set<number>): LaterChanges {
  if (signedLength >= bytes.length) return 'none';
  if (/^\s*$/.test(bytes.toString('latin1', signedLength))) return 'none';
  let before: PdfFile;
  let after: PdfFile;
  try {
    before = openPdf(bytes.subarray(0, signedLength));
    after = openPdf(bytes);
  } catch {
    return 'unknown';
  }
  try {
    // An annotation written after this signature and inside what a later signature signed: the
    // first signature to cover it is the one that wrote it.
    const vouched = (v: PdfValue | undefined) => {
      const entry = v instanceof PdfRef ? after.entries.get(v.num) : undefined;
      if (entry?.kind !== 'offset' || entry.offset < signedLength || !isAnnotation(after.object((v as PdfRef).num))) return false;
      const covering = laterSigned.filter((length) => length > entry.offset);
      if (!covering.length) return false;
      stampedBy.add(Math.min(...covering));
      return true;
    };
    const metadata = refNum(before.catalog().get('Metadata'));
    const info = refNum(before.trailer.get('Info'));
    for (const [num, entry] of after.entries) {
      const old = before.entries.get(num);
      if (old && sameEntry(old, entry)) continue;
      if (num === metadata || num === info) continue;
      const now = after.object(num);
      if (!old || old.kind === 'free') {
        if (!newObjectAllowed(after, now) && !vouched(new PdfRef(num, 0))) return 'other';
        continue;
      }
      if (entry.kind === 'free' || !changeAllowed(before, after, before.object(num), now, vouched)) return 'other';
    }
    return stampedBy.size ? 'signatures_and_stamps' : 'signatures_only';
  } catch {
    return 'unknown';
  }
}

function refNum(v: PdfValue | undefined): number | null {
  return v instanceof PdfRef ? v.num : null;
}

function sameEntry(a: XrefEntry, b: XrefEntry): boolean {
  if (a.kind === 'offset' && b.kind === 'offset') return a.offset === b.offset;
  if (a.kind === 'compressed' && b.kind === 'compressed') return a.stream === b.stream && a.index === b.index;
  return a.kind === 'free' && b.kind === 'free';
}

/** A new object may be anything but an annotation that is not a signature field. */
function newObjectAllowed(file: PdfFile, o: PdfObject | undefined): boolean {
  return !isAnnotation(o) || isSignatureField(file, o as PdfDict);
}

function isAnnotation(o: PdfObject | undefined): boolean {
  return o instanceof PdfDict && isName(o.get('Type'), 'Annot');
}

function isSignatureField(file: PdfFile, d: PdfDict | undefined): boolean {
  for (let i = 0; d && i < 16; i++, d = file.dict(d.get('Parent'))) if (isName(d.get('FT'), 'Sig')) return true;
  return false;
}

const allowedKeys: Record<string, Set<string>> = {
  Page: new Set(['Annots']),
  Catalog: new Set(['AcroForm', 'DSS', 'Perms', 'Extensions']),
  form: new Set(['Fields', 'SigFlags']),
  sigField: new Set(['V', 'AP', 'AS']),
};

type Vouched = (v: PdfValue | undefined) => boolean;

function changeAllowed(before: PdfFile, after: PdfFile, old: PdfObject | undefined, now: PdfObject | undefined, vouched: Vouched): boolean {
  if (old instanceof PdfStream || now instanceof PdfStream) return false;
  if (Array.isArray(old) && Array.isArray(now)) return grownBySignatures(after, old, now, vouched);
  if (!(old instanceof PdfDict) || !(now instanceof PdfDict)) return false;
  const kind = isName(old.get('Type'), 'Page')
    ? 'Page'
    : isName(old.get('Type'), 'Catalog')
      ? 'Catalog'
      : old.get('Fields') !== undefined
        ? 'form'
        : isSignatureField(before, old)
          ? 'sigField'
          : null;
  if (!kind) return false;
  const keys = new Set([...old.map.keys(), ...now.map.keys()]);
  for (const key of keys) {
    const a = old.get(key);
    const b = now.get(key);
    if (a !== undefined && b !== undefined && serialize(a) === serialize(b)) continue;
    if (!allowedKeys[kind]!.has(key)) return false;
    if (key === 'Annots' || key === 'Fields') {
      const x = before.resolve(a);
      const y = after.resolve(b);
      if (!grownBySignatures(after, Array.isArray(x) ? x : [], Array.isArray(y) ? y : null, key === 'Annots' ? vouched : () => false))
        return false;
    }
  }
  return true;
}

/** An array (annotations, fields) that kept every element and gained only signature fields (or annotations a later signature vouches for). */
function grownBySignatures(after: PdfFile, old: PdfValue[], now: PdfValue[] | null, vouched: Vouched): boolean {
  if (!now) return false;
  const kept = new Set(now.map((v) => serialize(v)));
  if (!old.every((v) => kept.has(serialize(v)))) return false;
  const had = new Set(old.map((v) => serialize(v)));
  return now.filter((v) => !had.has(serialize(v))).every((v) => isSignatureField(after, after.dict(v)) || vouched(v));
}
