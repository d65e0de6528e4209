import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, citizenClient, staffClient } from '../../../test/helpers/client.ts';
import { openStored } from '../files/read-file.ts';
import { filesDirOf } from '../files/receive-uploads.ts';
import { departmentProcess, installProcess } from '../processes/processes-fixture.ts';
import { atRestKey, devAuthority } from '../signing/signing.ts';
import { act as actOnPage, plainPdf, receiveDossier } from './results-fixture.ts';

/**
 * Issue 6's proof: across random result workflows, nothing an applicant or the public can reach
 * (the citizen's pages and every link on them, the JSON API, the lookup, public verification,
 * letters, notices, the catalogue) carries a draft, its comment, the mark DỰ THẢO, or the bytes,
 * SHA-256 or verification token of a draft or of a leader-signed document not issued yet; a result
 * offered to the applicant is exactly an issued one, from its issuing on; staff addresses refuse them.
 */

// The lookup's guard against guessing would answer 429 to a crawl this thorough: lifted here.
const { url, deps, pool } = await startTestApp({ demo: true, env: { LOOKUPS_PER_MINUTE: '1000000' } });
// A second process on the same database: its caches (lookup answers kept until a status change) never saw a run's dossiers.
const second = await startTestApp({ pool, env: { LOOKUPS_PER_MINUTE: '1000000', DATA_DIR: deps.config.dataDir } });
await installProcess(pool, '1.001193', '000.00.10.H99', departmentProcess('Quy trình thử'));
// The demo signs with the development CA, made at its first start (src/main.ts).
await devAuthority(pool, atRestKey(deps.config.signing.keySecret));
const filesDir = filesDirOf(deps.config.dataDir);
const logins = {
  ...{ desk: 'motcua.ttphc', specialist: 'chuyenvien.stp', head: 'truongphong.stp', director: 'giamdoc.stp', clerk: 'vanthu.stp' },
  ...{ commune: 'motcua.dongthanh', inspector: 'thanhtra' },
};
type Officer = keyof typeof logins;
type Who = Officer | 'citizen' | 'anonymous';
const staff = {} as Record<Officer, Client>;
for (const [k, u] of Object.entries(logins)) staff[k as Officer] = await staffClient(url, deps, u);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const marker = (kind: string) => `${kind}${randomBytes(6).toString('hex').toUpperCase()}`;
const tokens = new Map<Client, string>();
/** The session's CSRF token (an anonymous visitor has none: their posts are refused either way). */
async function csrf(who: Client): Promise<string> {
  if (!tokens.has(who)) {
    const res = await who.get('/api/session', { accept: 'application/json' });
    tokens.set(who, res.status === 200 ? ((await res.json()) as { csrfToken: string }).csrfToken : 'none');
  }
  return tokens.get(who)!;
}

/** Posts a form as the browser does (multipart, the CSRF part first). */
async function postMultipart(who: Client, path: string, fields: Record<string, string>, file?: Buffer) {
  const body = new FormData();
  body.append('_csrf', await csrf(who));
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'du-thao.pdf');
  const res = await fetch(url + path, { method: 'POST', redirect: 'manual', headers: { cookie: who.cookieHeader() }, body });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get('location') };
}

/** The drafts form; the subject and a paragraph carry `mark`, the comment `note`; an upload is a PDF with `mark` too. */
async function postDraft(who: Client, code: string, mark: string, note: string, upload: boolean) {
  const fields = {
    ...{ kind: 'decision', parentAgency: 'Ủy ban nhân dân tỉnh An Hòa', agency: 'Sở Tư pháp', notation: 'QĐ-STP', place: 'An Hòa' },
    ...{ title: 'Quyết định', subject: `Về việc đăng ký khai sinh ${mark}`, recipients: 'Như Điều 1\nLưu: VT' },
    body: `Căn cứ Luật Hộ tịch;\nĐiều 1. Đăng ký khai sinh theo hồ sơ ${mark} đã thẩm định.\nĐiều 2. Có hiệu lực kể từ ngày ký.`,
    ...{ signerCapacity: 'KT. Giám đốc', signerTitle: 'Phó Giám đốc', signerName: 'Ngô Thị Mai', comment: `Ghi chú nội bộ ${note}` },
  };
  return postMultipart(who, `/ho-so/${code}/ket-qua`, fields, upload ? plainPdf(`DU THAO ${mark}`) : undefined);
}

/** A processing action taken from the dossier page as the person sees it; the status answered. */
const act = async (who: Client, code: string, fields: Record<string, string>) => (await actOnPage(who, code, fields)).status;

type DraftState = { version: number; sha256: string; signed: string | null; token: string | null; template: boolean; issued: boolean };
type Issued = { token: string; sha256: string; version: number };
type DossierState = { code: string; citizenId: number; step: string | null; status: string; drafts: DraftState[]; results: Issued[] };
async function stateOf(code: string): Promise<DossierState> {
  const d = (await pool.query(`SELECT id, citizen_id, status, current_step FROM dossiers WHERE code = $1`, [code])).rows[0];
  const drafts = await pool.query<DraftState>(
    `SELECT r.version, r.sha256, r.signed_sha256 AS signed, r.verify_token AS token, r.content IS NOT NULL AS template,
            EXISTS (SELECT 1 FROM results x WHERE x.draft_id = r.id) AS issued
       FROM result_drafts r WHERE r.dossier_id = $1 ORDER BY r.version`,
    [d.id],
  );
  const results = await pool.query<Issued>(
    `SELECT x.verify_token AS token, x.sha256, r.version FROM results x JOIN result_drafts r ON r.id = x.draft_id WHERE x.dossier_id = $1
      ORDER BY x.id`,
    [d.id],
  );
  const base = { code, citizenId: d.citizen_id, step: d.current_step, status: d.status };
  return { ...base, drafts: drafts.rows, results: results.rows };
}
const footprint = (s: DossierState) => JSON.stringify([s.drafts, s.results]);

/** Every draft saved in any run (by "code#version"), with what of it no applicant-facing response may carry. */
type Known = { mark: string; note: string; draft: Buffer; signed: Buffer | null; token: string | null; issued: boolean };
const known = new Map<string, Known>();
const refusedMarks: string[] = []; // of drafts posted by people who may not save one: nowhere, ever
const pending = new Map<string, { mark: string; note: string }>();
const proof = { issued: 0, ownTextInIssued: 0, probesRefused: 0, refusedAttempts: 0 };

/** Brings `known` up to the database: new drafts (fetched by the staff's own download, which works for them), signatures, issuing. */
async function learn(s: DossierState): Promise<void> {
  for (const d of s.drafts) {
    const key = `${s.code}#${d.version}`;
    let k = known.get(key);
    if (!k) {
      const res = await staff.specialist.get(`/ho-so/${s.code}/ket-qua/du-thao/${d.version}.pdf`);
      assert.equal(res.status, 200, 'the staff download of a draft works (so the refusals below mean something)');
      const draft = Buffer.from(await res.arrayBuffer());
      assert.equal(sha(draft), d.sha256);
      k = { ...pending.get(key)!, draft, signed: null, token: null, issued: false };
      known.set(key, k);
    }
    if (d.signed && !k.signed) {
      const chunks: Buffer[] = [];
      for await (const c of (await openStored(filesDir, d.signed)).stream) chunks.push(c as Buffer);
      k.signed = Buffer.concat(chunks);
    }
    Object.assign(k, { token: d.token, issued: d.issued });
  }
}

const pdfTexts = new Map<string, string>();
const pdfText = (b: Buffer) => {
  const key = sha(b);
  if (!pdfTexts.has(key)) pdfTexts.set(key, execFileSync('pdftotext', ['-', '-'], { input: b }).toString().normalize('NFC'));
  return pdfTexts.get(key)!;
};

type Party = { name: string; client: Client; citizenId: number | null };
type Seen = { status: number; location: string; body: Buffer };
async function fetchAs(p: Party, path: string): Promise<Seen> {
  const res = await p.client.get(path, { accept: path.startsWith('/api/') ? 'application/json' : 'text/html' });
  return { status: res.status, location: res.headers.get('location') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}
const refused = (r: { status: number; location: string | null }) =>
  [401, 403, 404].includes(r.status) || ([302, 303].includes(r.status) && /^\/(cong-dan\/)?dang-nhap(\?|\/|$)/.test(r.location ?? ''));
const isPdf = (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-';

/** Asserts that one response to `p` leaks nothing; a result it gets is an issued one of `p`'s own dossier, to the byte. */
function inspect(p: Party, path: string, r: Seen, states: DossierState[], probe: boolean): void {
  const where = `${p.name} GET ${path} (${r.status})`;
  let own: Known | undefined;
  if (isPdf(r.body)) {
    const owner = states.find((s) => s.results.some((x) => x.sha256 === sha(r.body)));
    const words = pdfText(r.body);
    assert.ok(!words.includes('DỰ THẢO'), `${where}: a PDF with the draft mark`);
    if (owner) {
      assert.equal(owner.citizenId, p.citizenId, `${where}: the issued result of someone else's dossier`);
      own = known.get(`${owner.code}#${owner.results.find((x) => x.sha256 === sha(r.body))!.version}`)!;
      assert.ok(words.includes(own.mark), `${where}: the issued PDF lacks the text of the version signed`);
      proof.ownTextInIssued++;
    } else assert.ok(!path.startsWith('/ket-qua/'), `${where}: a result download that is no issued result (sha256 ${sha(r.body)})`);
    for (const [name, k] of known) if (k !== own) assert.ok(!words.includes(k.mark), `${where}: a PDF with the text of draft ${name}`);
  }
  const text = `${r.location}\n${r.body.toString('utf8')}`;
  assert.ok(!text.includes('DỰ THẢO'), `${where}: the draft mark`);
  if (!probe) assert.ok(!/\/du-thao\/|du-thao-/.test(text), `${where}: a draft's address or file name`);
  for (const m of refusedMarks) assert.ok(!text.includes(m), `${where}: a draft refused to its author (${m})`);
  for (const [key, k] of known) {
    const name = `draft ${key}`;
    // An issued version's words are no draft's any more, for its applicant; never for anyone else.
    const mine = k.issued && states.some((s) => key.startsWith(`${s.code}#`) && s.citizenId === p.citizenId);
    assert.ok(!text.includes(k.note), `${where}: the comment of ${name}`);
    if (k !== own && !mine) assert.ok(!text.includes(k.mark), `${where}: the text of ${name}`);
    assert.ok(!text.includes(sha(k.draft)), `${where}: the sha256 of ${name}`);
    assert.ok(r.body.indexOf(k.draft) < 0, `${where}: the bytes of ${name}`);
    if (k.signed && !k.issued) {
      assert.ok(!text.includes(sha(k.signed)), `${where}: the sha256 of signed, unissued ${name}`);
      assert.ok(r.body.indexOf(k.signed) < 0, `${where}: the bytes of signed, unissued ${name}`);
      if (k.token) assert.ok(!text.includes(k.token), `${where}: the verification token of signed, unissued ${name}`);
    }
  }
}

const links = (html: string) =>
  [...html.matchAll(/(?:href|src|action)="(\/[^"/][^"]*|\/)"/g)]
    .map((m) => m[1]!.replaceAll('&amp;', '&'))
    .filter((l) => !/^\/(dang-nhap|dang-xuat|cong-dan\/dang-nhap|cong-dan\/nhap\/)/.test(l));
// Pages whose links are followed too; the rest (catalogue, directory, docs) are fetched and checked, not expanded.
const expandable = (path: string) => /^\/(cong-dan|tra-cuu|xac-thuc|ket-qua|api\/dossiers|ho-so\/[^/]+\/mau-)/.test(path);
const catalogue = ['/', '/thu-tuc?q=khai+sinh', '/thu-tuc/1.001193', '/co-quan', '/co-quan/000.00.11.H99', '/xac-thuc', '/healthz'];
const api = ['/api/procedures?q=khai+sinh', '/api/procedures/1.001193', '/api/procedures/1.001193/form', '/api/agencies'];
const publicPages = [...catalogue, ...api, '/api/agencies/export', '/api/docs/json'];

/** Every applicant-facing channel, as each citizen of the run and as an anonymous visitor. */
async function crawl(codes: string[], parties: Party[], final: boolean): Promise<void> {
  const states = await Promise.all(codes.map(stateOf));
  for (const s of states) await learn(s);
  for (const party of parties) {
    // A run's last crawl asks the second process, with the same sessions: what a fresh rendering shows.
    const p = final ? { ...party, client: Object.assign(new Client(second.url), { cookies: party.client.cookies }) } : party;
    const start = [
      ...(p.citizenId !== null ? ['/cong-dan', '/cong-dan/ho-so', '/cong-dan/nop/1.001193', '/api/session'] : []),
      ...codes.flatMap((c) => [`/tra-cuu?ma=${c}`, `/api/dossiers/${c}/status`]),
      // Letters to the applicant (Mẫu 04/05), whether or not this dossier's log calls for one.
      ...codes.flatMap((c) => ['mau-04', 'mau-04.pdf', 'mau-05', 'mau-05.pdf'].map((l) => `/ho-so/${c}/${l}`)),
      ...states.flatMap((s) => s.results.map((x) => `/xac-thuc/${x.token}`)),
      ...(final ? publicPages : []),
    ];
    const seen = new Map<string, Seen>();
    for (const queue = [...start]; queue.length;) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      const r = await fetchAs(p, path);
      seen.set(path, r);
      inspect(p, path, r, states, false);
      if (expandable(path) && r.status === 200 && !isPdf(r.body)) queue.push(...links(r.body.toString('utf8')));
    }
    for (const c of codes) {
      assert.equal(seen.get(`/tra-cuu?ma=${c}`)!.status, 200, `${p.name}: the lookup of ${c}`);
      assert.equal(seen.get(`/api/dossiers/${c}/status`)!.status, 200, `${p.name}: the status API of ${c}`);
    }
    if (p.citizenId !== null) {
      // The results offered are exactly the results in force (each dossier's latest) of one's own dossiers: none before issuing.
      const page = seen.get('/cong-dan/ho-so')!.body.toString('utf8');
      const offered = [...page.matchAll(/href="\/ket-qua\/([^"]+)\.pdf"/g)].map((m) => m[1]);
      const mine = states.filter((s) => s.citizenId === p.citizenId).flatMap((s) => s.results.slice(-1).map((x) => x.token));
      assert.deepEqual(offered.sort(), mine.sort(), `${p.name}: the results offered`);
    }
    for (const s of states)
      for (const x of s.results) {
        const path = `/ket-qua/${x.token}.pdf`;
        const r = seen.get(path) ?? (await fetchAs(p, path));
        inspect(p, path, r, states, true);
        if (s.citizenId !== p.citizenId) assert.ok(refused(r), `${p.name}: ${path} of someone else answered ${r.status}`);
        else assert.equal(`${r.status} ${sha(r.body)}`, `200 ${x.sha256}`, `${p.name}: own ${path} is the issued document`);
      }
    // The staff's addresses (drafts first) and the tokens of signed, unissued documents: refused, and nothing in the refusal.
    const probes = ['/thong-bao', '/hop-thu', '/so-theo-doi'];
    for (const s of states) {
      for (const v of [...s.drafts.map((d) => d.version), s.drafts.length + 1]) probes.push(`/ho-so/${s.code}/ket-qua/du-thao/${v}.pdf`);
      for (const x of ['', '/ket-qua', '/phieu', '/phieu.pdf', '/phieu-kiem-soat', '/phieu-kiem-soat.pdf'])
        probes.push(`/ho-so/${s.code}${x}`);
      for (const d of s.drafts) if (d.token && !d.issued) probes.push(`/xac-thuc/${d.token}`, `/ket-qua/${d.token}.pdf`);
    }
    for (const path of probes) {
      const r = await fetchAs(p, path);
      assert.ok(refused(r), `${p.name} GET ${path}: answered ${r.status} ${r.location}`);
      inspect(p, path, r, states, true);
      proof.probesRefused++;
    }
  }
}

type Action =
  | { op: 'template' | 'upload' | 'reopen'; d: number }
  | { op: 'save' | 'issue'; d: number; by: Who }
  | { op: 'sign'; d: number; by: Who; pick: number }
  | { op: 'advance'; d: number; back: boolean };
const d = fc.nat(1);
// Who tries to draft: staff who read the dossier but never draft it, the leaders who may, and people who may not see it.
const savers = fc.constantFrom<Who>('desk', 'inspector', 'clerk', 'commune', 'head', 'director', 'citizen', 'anonymous');
const op = <T extends Action['op']>(name: T) => fc.constant(name);
const wrongOr = (right: Who, ...wrong: Who[]) =>
  fc.constantFrom<Who>(right, right, right, ...wrong, 'desk', 'commune', 'inspector', 'citizen', 'anonymous');
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: op('template'), d }) },
  { weight: 1, arbitrary: fc.record({ op: op('upload'), d }) },
  { weight: 2, arbitrary: fc.record({ op: op('save'), d, by: savers }) },
  { weight: 3, arbitrary: fc.record({ op: op('sign'), d, pick: fc.nat(4), by: wrongOr('director', 'specialist', 'head', 'clerk') }) },
  { weight: 2, arbitrary: fc.record({ op: op('issue'), d, by: wrongOr('clerk', 'specialist', 'head', 'director') }) },
  { weight: 2, arbitrary: fc.record({ op: op('advance'), d, back: fc.boolean() }) },
);
const scenario = fc.record({
  /** Which of the run's two citizens applied for each dossier. */
  applicants: fc.array(fc.nat(1), { minLength: 1, maxLength: 2 }),
  actions: fc.array(action, { minLength: 2, maxLength: 7 }),
  /** Then on the first dossier: back to approval (by correction if returned), a last version, the leader's signature, approval, issuing. */
  finale: fc.boolean(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

// The dossier moves on (or tries to): `back`, the leader refuses (to appraisal), the clerk sends it back (to approval).
// Finished, it is returned; returned, it is found wrong and corrected: back to the issuing step (D118 Art. 23).
async function advance(code: string, s: DossierState, back: boolean): Promise<number> {
  const correct = { kind: 'correct', 'text-correct': 'Sai sót cần đính chính' };
  if (s.step === null) return act(staff.desk, code, s.status === 'returned' ? correct : { kind: 'return_result' });
  const who = s.step === 'appraise' ? staff.specialist : s.step === 'approve' ? staff.director : staff.clerk;
  await act(who, code, { kind: 'claim' });
  if (s.step === 'issue' && back) return act(who, code, { kind: 'send_back', to: 'approve' });
  return act(who, code, { kind: 'complete', outcome: s.step === 'approve' ? (back ? 'refused' : 'approved') : 'done' });
}

let people = 0;

async function runScenario(sc: Scenario): Promise<void> {
  const parties: Party[] = [{ name: 'anonymous', client: new Client(url), citizenId: null }];
  for (const i of [0, 1]) {
    const idNumber = `0992${String(++people).padStart(8, '0')}`;
    const client = await citizenClient(url, deps, { fullName: `Công Dân ${people}`, idNumber });
    const { rows } = await pool.query(`SELECT id FROM citizens WHERE id_number = $1`, [idNumber]);
    parties.push({ name: `citizen ${i}`, client, citizenId: rows[0].id });
  }
  const codes: string[] = [];
  const owners = new Map<string, Party>();
  for (const a of sc.applicants) {
    const idNumber = `0993${String(++people).padStart(8, '0')}`;
    const code = await receiveDossier(url, staff.desk, { fullName: parties[1 + a]!.name, idNumber });
    await pool.query(`UPDATE dossiers SET citizen_id = $2 WHERE code = $1`, [code, parties[1 + a]!.citizenId]);
    assert.equal(await act(staff.desk, code, { kind: 'start' }), 303);
    assert.equal(await act(staff.specialist, code, { kind: 'claim' }), 303);
    codes.push(code);
    owners.set(code, parties[1 + a]!);
  }
  // A citizen trying staff actions is the dossier's own applicant: the one most likely to be let in by mistake.
  const clientOf = (who: Who, code: string) =>
    (who === 'anonymous' ? parties[0]! : who === 'citizen' ? owners.get(code)! : null)?.client ?? staff[who as Officer];
  const steps: Action[] = [...sc.actions];
  if (sc.finale)
    steps.push(
      { op: 'reopen', d: 0 },
      { op: 'template', d: 0 },
      { op: 'sign', d: 0, by: 'director', pick: -1 },
      { op: 'advance', d: 0, back: false },
      { op: 'issue', d: 0, by: 'clerk' },
    );
  await crawl(codes, parties, false);
  for (const a of steps) {
    const code = codes[a.d % codes.length]!;
    const before = await stateOf(code);
    let res: { status: number; location: string | null } = { status: 0, location: null };
    let expected: 'change' | 'same' | 'any' = 'same';
    // The model of who may do what, and when: the newest signed version is the only one ever issued, once.
    const newestSigned = before.drafts.filter((x) => x.signed).at(-1);
    if (a.op === 'template' || a.op === 'upload' || a.op === 'save') {
      const p = { mark: marker('NOIDUNG'), note: marker('GHICHU') };
      res = await postDraft(a.op === 'save' ? clientOf(a.by, code) : staff.specialist, code, p.mark, p.note, a.op === 'upload');
      const version = /da_luu=(\d+)$/.exec(res.location ?? '')?.[1];
      if (version) pending.set(`${code}#${version}`, p);
      else refusedMarks.push(p.mark, p.note);
      // Those processing the dossier at its step draft (the specialist, unit head, leader of the department or its unit).
      const drafter = a.op !== 'save' || a.by === 'head' || a.by === 'director';
      expected = drafter && before.step !== null ? 'change' : 'same';
    } else if (a.op === 'sign') {
      const version = a.pick < 0 ? before.drafts.length : (a.pick % (before.drafts.length + 1)) + 1;
      const draft = before.drafts.find((x) => x.version === version);
      res = await clientOf(a.by, code).post(`/ho-so/${code}/ket-qua/du-thao/${version}/ky`, {}, await csrf(clientOf(a.by, code)));
      // The leader signs at the approval step, a version of the template not signed, newer than any signed.
      const signable = draft?.template && !draft.signed && version > (newestSigned?.version ?? 0);
      expected = a.by === 'director' && before.step === 'approve' && signable ? 'change' : 'same';
    } else if (a.op === 'issue') {
      res = await clientOf(a.by, code).post(`/ho-so/${code}/ket-qua/phat-hanh`, {}, await csrf(clientOf(a.by, code)));
      // The clerk issues at the issuing step, after the leader's approval; a version replaced or issued never.
      expected = a.by === 'clerk' && before.step === 'issue' && newestSigned && !newestSigned.issued ? 'change' : 'same';
    } else {
      // The result stays hidden whatever the state. Reopen: to the leader's step (returned, corrected, sent back from issuing).
      if (a.op === 'advance') res.status = await advance(code, before, a.back);
      else for (let s = before; s.step !== 'approve'; s = await stateOf(code)) assert.equal(await advance(code, s, true), 303, code);
      expected = 'any';
    }
    const after = await stateOf(code);
    const what = `${JSON.stringify(a)} on ${code} answered ${res.status} ${res.location ?? ''}`;
    if (expected === 'change') {
      assert.equal(res.status, 303, what);
      assert.notEqual(footprint(after), footprint(before), `${what}: nothing recorded`);
      if (a.op === 'issue') assert.equal(after.results.at(-1)?.version, newestSigned?.version, `${what}: not the newest signed version`);
    } else if (expected === 'same') {
      // Refused: the drafts page again with the reason (400), no access (403/404), or off to sign in; nothing recorded.
      assert.ok(res.status === 400 || refused(res), what);
      assert.equal(footprint(after), footprint(before), `${what}: a refused attempt changed the results`);
      proof.refusedAttempts++;
    }
    proof.issued += after.results.length - before.results.length;
    await crawl(codes, parties, false);
  }
  await crawl(codes, parties, true);
}

test('no draft, comment, draft mark or unissued signed document reaches an applicant-facing channel', async () => {
  const issuing: Scenario = {
    applicants: [0, 1],
    actions: [
      { op: 'template', d: 0 },
      { op: 'sign', d: 0, by: 'director', pick: 0 }, // at appraisal: not yet
      { op: 'advance', d: 0, back: false },
      { op: 'sign', d: 0, by: 'director', pick: 0 },
      { op: 'save', d: 0, by: 'director' },
      { op: 'sign', d: 0, by: 'director', pick: 1 }, // version 1 is replaced
      { op: 'issue', d: 0, by: 'clerk' }, // signed, not approved yet
      { op: 'advance', d: 0, back: false },
      { op: 'issue', d: 0, by: 'clerk' },
      { op: 'advance', d: 0, back: false },
      { op: 'advance', d: 0, back: false }, // returned
      { op: 'advance', d: 0, back: false }, // corrected: at the issuing step again
      { op: 'issue', d: 0, by: 'clerk' }, // neither version 2 again nor the replaced version 1
      { op: 'save', d: 1, by: 'inspector' },
    ],
    finale: true,
  };
  await fc.assert(fc.asyncProperty(scenario, runScenario), { numRuns: 15, examples: [[issuing]], endOnFailure: true });
  // It could not pass by looking at nothing: results were issued, downloaded and found to carry their own version's text.
  assert.ok(proof.issued >= 2 && proof.ownTextInIssued > 0 && proof.probesRefused > 0 && proof.refusedAttempts > 0, JSON.stringify(proof));
});
