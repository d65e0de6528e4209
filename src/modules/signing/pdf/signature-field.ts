import type { RevisionObject } from './incremental-update.ts';
import type { PdfFile } from './pdf-file.ts';
import { decodeText, name, PdfDict, PdfRaw, PdfRef, PdfString, PdfSyntaxError, type PdfValue, textString } from './pdf-syntax.ts';

/**
 * The objects that add one signature field to a file (ISO 32000-1 §12.7.4.5, §12.8): the
 * signature dictionary with fixed-width placeholders for /ByteRange and /Contents, the widget on
 * its page with the appearance, the page's /Annots and the form's /Fields extended, /SigFlags 3.
 * Objects already there are redefined in the new revision, never edited in place.
 */
export interface FieldRequest {
  /** 0-based page index and rectangle in PDF points, origin at the bottom-left of the page's MediaBox. */
  placement: Placement;
  appearance: PdfRef;
  /**
   * Words this signature also writes on a page (the issued number in the header's blank), each as
   * a locked FreeText annotation with its appearance, added in the revision the signature covers:
   * the verifier accepts them after an earlier signature only because this one vouches for them.
   */
  stamps?: Array<{ placement: Placement; appearance: PdfRef; text: string }>;
  /** Bytes of CMS reserved in /Contents. */
  reserve: number;
  subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
  signedAt: string;
  signerName: string;
  reason: string | null;
  location: string | null;
}

type Placement = { page: number; x: number; y: number; width: number; height: number };

export const byteRangePlaceholder = '[0 0000000000 0000000000 0000000000]';

export function signatureFieldObjects(file: PdfFile, request: FieldRequest, allocate: () => number): RevisionObject[] {
  const pages = file.pageRefs();
  const pageOf = (p: Placement) => {
    const ref = pages[p.page];
    if (!ref) throw new PdfSyntaxError(`page ${p.page + 1} not in a ${pages.length}-page document`);
    return ref;
  };
  const rectOf = (p: Placement) => {
    const box = file.inherited(file.dict(pageOf(p))!, 'MediaBox');
    const [llx, lly] = Array.isArray(box) && box.every((n) => typeof n === 'number') ? (box as number[]) : [0, 0];
    return [llx! + p.x, lly! + p.y, llx! + p.x + p.width, lly! + p.y + p.height];
  };
  const pageRef = pageOf(request.placement);

  const sig = new PdfRef(allocate(), 0);
  const widget = new PdfRef(allocate(), 0);
  const sigDict = new PdfDict([
    ['Type', name('Sig')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name(request.subFilter)],
    ['ByteRange', new PdfRaw(byteRangePlaceholder)],
    ['Contents', new PdfRaw(`<${'0'.repeat(request.reserve * 2)}>`)],
    ['M', textString(request.signedAt)],
    ['Name', textString(request.signerName)],
  ]);
  if (request.reason) sigDict.set('Reason', textString(request.reason));
  if (request.location) sigDict.set('Location', textString(request.location));
  const widgetDict = new PdfDict([
    ['Type', name('Annot')],
    ['Subtype', name('Widget')],
    ['FT', name('Sig')],
    ['F', 4 | 128], // printed, locked
    ['T', textString(`Signature${nextFieldNumber(file)}`)],
    ['V', sig],
    ['P', pageRef],
    ['Rect', rectOf(request.placement)],
    ['AP', new PdfDict([['N', request.appearance]])],
  ]);
  const out: RevisionObject[] = [
    { num: sig.num, object: sigDict },
    { num: widget.num, object: widgetDict },
  ];
  const added: Array<{ page: PdfRef; annot: PdfRef }> = [{ page: pageRef, annot: widget }];
  for (const stamp of request.stamps ?? []) {
    const ref = new PdfRef(allocate(), 0);
    const page = pageOf(stamp.placement);
    out.push({
      num: ref.num,
      object: new PdfDict([
        ['Type', name('Annot')],
        ['Subtype', name('FreeText')],
        ['F', 4 | 64 | 128], // printed, read-only, locked
        ['P', page],
        ['Rect', rectOf(stamp.placement)],
        ['Contents', textString(stamp.text)],
        ['DA', textString('/Helv 12 Tf 0 g')],
        ['AP', new PdfDict([['N', stamp.appearance]])],
      ]),
    });
    added.push({ page, annot: ref });
  }

  // Each page's annotations: a direct array is redefined with the page, an indirect one on its own.
  for (const ref of new Set(added.map((a) => a.page))) {
    const mine = added.filter((a) => a.page === ref).map((a) => a.annot);
    const page = file.dict(ref)!;
    const annots = page.get('Annots');
    if (annots instanceof PdfRef && Array.isArray(file.resolve(annots))) {
      out.push({ num: annots.num, gen: annots.gen, object: [...(file.resolve(annots) as PdfValue[]), ...mine] });
    } else {
      const list = Array.isArray(annots) ? annots : [];
      out.push({ num: ref.num, gen: ref.gen, object: page.clone().set('Annots', [...list, ...mine]) });
    }
  }

  // The form: fields extended, signatures flagged (SignaturesExist | AppendOnly).
  const catalogRef = file.trailer.get('Root');
  if (!(catalogRef instanceof PdfRef)) throw new PdfSyntaxError('the catalog is not an indirect object');
  const catalog = file.catalog();
  const formValue = catalog.get('AcroForm');
  const form = file.dict(formValue)?.clone() ?? new PdfDict();
  const fields = form.get('Fields');
  if (fields instanceof PdfRef && Array.isArray(file.resolve(fields))) {
    out.push({ num: fields.num, gen: fields.gen, object: [...(file.resolve(fields) as PdfValue[]), widget] });
  } else form.set('Fields', [...(Array.isArray(fields) ? fields : []), widget]);
  form.set('SigFlags', 3);
  if (formValue instanceof PdfRef) out.push({ num: formValue.num, gen: formValue.gen, object: form });
  else {
    const formRef = new PdfRef(allocate(), 0);
    out.push({ num: formRef.num, object: form });
    out.push({ num: catalogRef.num, gen: catalogRef.gen, object: catalog.clone().set('AcroForm', formRef) });
  }
  return out;
}

/** 1 + the highest n among fields named "Signature<n>" (so names stay unique). */
function nextFieldNumber(file: PdfFile): number {
  let highest = 0;
  const seen = new Set<number>();
  const walk = (v: PdfValue | undefined, depth: number) => {
    if (depth > 32) return;
    if (v instanceof PdfRef) {
      if (seen.has(v.num)) return;
      seen.add(v.num);
    }
    const resolved = file.resolve(v);
    if (Array.isArray(resolved)) return resolved.forEach((k) => walk(k, depth + 1));
    const field = file.dict(v);
    if (!field) return;
    const t = field.get('T');
    const m = t instanceof PdfString ? decodeText(t.bytes).match(/^Signature(\d+)$/) : null;
    if (m) highest = Math.max(highest, Number(m[1]));
    walk(field.get('Kids'), depth + 1);
  };
  walk(file.dict(file.catalog().get('AcroForm'))?.get('Fields'), 0);
  return highest + 1;
}
