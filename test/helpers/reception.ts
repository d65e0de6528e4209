import type { AppDeps } from '../../src/app.ts';
import { citizenClient, type Client } from './client.ts';

/** The demo's birth registration (1.001193) as a desk officer types its applicant. */
export const deskApplicant = {
  'applicant.fullName': 'Trần Văn <b>Bình</b>',
  'applicant.idNumber': '099085000123',
  'applicant.phone': '0912000111',
  'applicant.email': '',
  'applicant.address': 'Tổ 5, phường Đông Thành',
};

/**
 * Posts the desk's reception form of 1.001193 as a browser does: multipart, the CSRF token (read
 * from the form page) first, files as parts; `fields` add to or replace the applicant above.
 */
export async function postReception(
  url: string,
  officer: Client,
  fields: Record<string, string | string[]>,
  files: Array<[field: string, name: string, bytes: Buffer]> = [],
): Promise<Response> {
  await officer.page('/tiep-nhan/moi/1.001193');
  const body = new FormData();
  body.append('_csrf', officer.csrf());
  for (const [k, v] of Object.entries({ ...deskApplicant, ...fields })) for (const x of [v].flat()) body.append(k, x);
  for (const [field, name, bytes] of files) body.append(field, new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${url}/tiep-nhan/moi/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${officer.cookies.get('mc_session')}`, accept: 'text/html' },
    body,
  });
}

/** The answers of the demo's birth declaration e-form (1.001193, version 1), the requester being the father. */
export function birthAnswers(father: { fullName: string; idNumber: string }) {
  return {
    requesterName: father.fullName,
    requesterId: father.idNumber,
    relationship: 'father',
    children: [{ name: 'Trịnh Gia Hân', sex: 'female', birthDate: '2026-12-01', birthPlace: 'Trạm y tế xã Hòa Bình', ethnicity: 'Kinh' }],
    motherName: 'Lò Thị Mai',
    motherId: '099196000222',
    motherBirthYear: 1996,
    hasFather: 'yes',
    fatherName: father.fullName,
    fatherId: father.idNumber,
  };
}

/** A program acting for a signed-in citizen through the JSON API: the session cookie and the CSRF token from /api/session. */
export async function citizenProgram(url: string, deps: AppDeps, person: { fullName: string; idNumber: string }) {
  const client = await citizenClient(url, deps, person);
  const cookie = `mc_session=${client.cookies.get('mc_session')}`;
  const session = await (await fetch(`${url}/api/session`, { headers: { cookie } })).json();
  const headers = { cookie, 'x-csrf-token': session.csrfToken as string };
  return {
    client,
    session: session as { fullName: string; csrfToken: string },
    upload: (name: string, bytes: Buffer | Uint8Array) => {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(bytes)]), name);
      return fetch(`${url}/api/files`, { method: 'POST', headers, body });
    },
    submit: (body: unknown, key?: string, raw?: string) =>
      fetch(`${url}/api/dossiers`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: raw ?? JSON.stringify(body),
      }),
  };
}
