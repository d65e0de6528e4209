import type { Client } from '../../../test/helpers/client.ts';

/** For tests of results: dossiers received, moved through their process and drafted as staff do it from the pages. */

export const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** Receives a birth registration (1.001193) at `desk`'s counter for `applicant`; returns the dossier's code. */
export async function receiveDossier(url: string, desk: Client, applicant: { fullName: string; idNumber: string }): Promise<string> {
  await desk.page('/tiep-nhan/moi/1.001193');
  const body = new FormData();
  body.append('_csrf', desk.csrf());
  const fields = { 'applicant.fullName': applicant.fullName, 'applicant.idNumber': applicant.idNumber, outcome: 'receive' };
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  const res = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: desk.cookieHeader() },
    body,
  });
  return decodeURIComponent(/\/ho-so\/(.+)\/phieu/.exec(res.headers.get('location')!)![1]!);
}

/** A processing action posted from the dossier page as `who` sees it (the page's revision); the response (the page's, if refused). */
export async function act(who: Client, code: string, fields: Record<string, string>) {
  const page = await who.page(`/ho-so/${code}`);
  if (page.status !== 200) return page;
  const revision = /name="revision" value="(\d+)"/.exec(page.html)?.[1] ?? '0';
  return who.post(`/ho-so/${code}/xu-ly`, { revision, ...fields });
}

/**
 * The drafts form posted as the browser does (multipart, the CSRF part first): the fields the page
 * offers (the template when the person has no form), changed by `changes`, and an optional upload.
 */
export async function postDraft(url: string, who: Client, code: string, changes: Record<string, string>, file?: [string, Buffer]) {
  const page = await who.page(`/ho-so/${code}/ket-qua`);
  const body = new FormData();
  body.append('_csrf', who.csrf());
  const current = Object.fromEntries(
    [...page.html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')]),
  );
  const textarea = (name: string) => new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`).exec(page.html)?.[1];
  const template = {
    ...{ kind: 'decision', parentAgency: 'Ủy ban nhân dân tỉnh An Hòa', agency: 'Sở Tư pháp', notation: 'QĐ-STP', place: 'An Hòa' },
    ...{ title: 'Quyết định', subject: 'Về việc đăng ký khai sinh', signerTitle: 'Giám đốc', signerName: 'Ngô Thị Mai' },
  };
  const fields = {
    ...template,
    ...current,
    body: textarea('body') ?? 'Điều 1. Đăng ký khai sinh.',
    recipients: textarea('recipients') ?? '',
  };
  for (const [k, v] of Object.entries({ ...fields, ...changes })) if (k !== '_csrf') body.append(k, v);
  if (file) body.append('file', new Blob([new Uint8Array(file[1])]), file[0]);
  const res = await fetch(`${url}/ho-so/${code}/ket-qua`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: who.cookieHeader() },
    body,
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

/** A one-page PDF whose words are written out plainly: an uploaded draft the check finds byte for byte. */
export function plainPdf(words: string): Buffer {
  const content = `BT /F1 14 Tf 72 760 Td (${words}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const at = objects.map((o, i) => [out.length, (out += `${i + 1} 0 obj\n${o}\nendobj\n`)][0] as number);
  const xref = `xref\n0 6\n0000000000 65535 f \n${at.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return Buffer.from(`${out}${xref}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${out.length}\n%%EOF\n`, 'latin1');
}
