import type { RevisionObject } from './incremental-update.ts';
import type { PdfFile } from './pdf-file.ts';
import { name, PdfDict, type PdfObject, PdfRef, PdfStream, PdfSyntaxError, type PdfValue } from './pdf-syntax.ts';
import { decodeStream } from './stream-data.ts';

/**
 * The first page of `source` as a form XObject for another file: its content and everything its
 * resources reach (fonts, font files, images and their masks) copied under new object numbers
 * from `allocate`. This is how a pdfkit drawing becomes a signature's appearance.
 */
export function pageAsForm(source: PdfFile, allocate: () => number): { form: PdfRef; objects: RevisionObject[] } {
  const pageRef = source.pageRefs()[0];
  const page = pageRef && source.dict(pageRef);
  if (!page) throw new PdfSyntaxError('the appearance has no page');
  const objects: RevisionObject[] = [];
  const mapped = new Map<number, PdfRef>();
  const pending: [number, PdfRef][] = [];

  const copy = (v: PdfValue): PdfValue => {
    if (v instanceof PdfRef) {
      let to = mapped.get(v.num);
      if (!to) {
        to = new PdfRef(allocate(), 0);
        mapped.set(v.num, to);
        pending.push([v.num, to]);
      }
      return to;
    }
    if (Array.isArray(v)) return v.map(copy);
    if (v instanceof PdfDict) return new PdfDict([...v.map].filter(([k]) => k !== 'Length').map(([k, x]) => [k, copy(x)]));
    return v;
  };
  const copyObject = (o: PdfObject): PdfObject => (o instanceof PdfStream ? new PdfStream(copy(o.dict) as PdfDict, o.data) : copy(o));

  const resources = copy((source.inherited(page, 'Resources') as PdfValue | undefined) ?? new PdfDict());
  const box = source.inherited(page, 'MediaBox');
  const { data, filter } = contentOf(source, page.get('Contents'));
  const formDict = new PdfDict([
    ['Type', name('XObject')],
    ['Subtype', name('Form')],
    ['BBox', Array.isArray(box) ? box : [0, 0, 0, 0]],
    ['Resources', resources],
  ]);
  if (filter) formDict.set('Filter', filter);
  const form = new PdfRef(allocate(), 0);
  objects.push({ num: form.num, object: new PdfStream(formDict, data) });
  while (pending.length) {
    const [from, to] = pending.shift()!;
    const o = source.object(from);
    objects.push({ num: to.num, object: o === undefined ? null : copyObject(o) });
  }
  return { form, objects };
}

/** The page's content: one stream as it is, several joined (decoded) into one. */
function contentOf(source: PdfFile, contents: PdfValue | undefined): { data: Buffer; filter: PdfValue | null } {
  const resolved = source.resolve(contents);
  if (resolved instanceof PdfStream) {
    if (resolved.dict.get('DecodeParms') !== undefined) return { data: decodeStream(resolved), filter: null };
    return { data: resolved.data, filter: resolved.dict.get('Filter') ?? null };
  }
  if (Array.isArray(resolved)) {
    const parts = resolved.map((r) => source.resolve(r)).filter((s): s is PdfStream => s instanceof PdfStream);
    return { data: Buffer.concat(parts.flatMap((s) => [decodeStream(s), Buffer.from('\n')])), filter: null };
  }
  return { data: Buffer.alloc(0), filter: null };
}
