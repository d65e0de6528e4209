import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import type { Client } from '../../../test/helpers/client.ts';
import { formatDate, formatMoment } from '../../lib/vietnamese.ts';
import { dueAt, forwardingDeadline, timeliness } from '../calendar/due-date.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import { processingScene } from '../processes/processing-fixture.ts';

// A real dossier taken through the HTTP actions by the demo officers; its control sheet (page and PDF) and the
// register are then read as the officers read them. Deadlines are checked against the province's calendar.

const scene = await processingScene('Quy trình thử phiếu kiểm soát');
const { pool, people, received, centre } = scene;

/** An action that must succeed. */
async function act(who: Client, code: string, fields: Record<string, string>) {
  const res = await scene.act(who, code, fields);
  assert.equal(res.status, 303, `${fields.kind}: ${scene.text(res.html).slice(0, 300)}`);
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
/** The printed article's text, as one line of words. */
const printedText = (html: string) =>
  decode(
    /<article class="[^"]*">(.*)<\/article>/s
      .exec(html)![1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  ).normalize('NFC');
/** The rows of the printed table, each cell's lines joined by "\n". */
const tableRows = (html: string) =>
  [...(/<tbody>(.*?)<\/tbody>/s.exec(html)?.[1] ?? '').matchAll(/<tr>(.*?)<\/tr>/gs)].map((tr) =>
    [...tr[1]!.matchAll(/<td>(.*?)<\/td>/gs)].map((td) => decode(td[1]!.replace(/<br\s*\/?>/g, '\n').replace(/<[^>]+>/g, ''))),
  );
/** The PDF's text in the order it was drawn, the foot of each page left out, as one line of words. */
async function pdfText(res: Response, footer: string, head: string): Promise<string> {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const raw = execFileSync('pdftotext', ['-raw', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) })
    .toString()
    .normalize('NFC');
  return raw
    .split('\f')
    .map((page) =>
      page
        .replace(/\s+/g, ' ')
        .replace(new RegExp(`${footer} – Trang \\d+/\\d+`), ' ')
        .trim(),
    )
    .filter(Boolean)
    .map((page, i) => (i > 0 && page.startsWith(head) ? page.slice(head.length) : page)) // the header row repeated on a new page
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
/** The header row of the printed table, as one line of words (a PDF repeats it at the top of each page the table runs on). */
const headRow = (html: string) =>
  [...(/<thead>(.*?)<\/thead>/s.exec(html)?.[1] ?? '').matchAll(/<th[^>]*>(.*?)<\/th>/gs)].map((th) => decode(th[1]!)).join(' ');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const bpmc = 'Bộ phận Một cửa – Trung tâm Phục vụ hành chính công tỉnh An Hòa';
const unit = 'Phòng Hành chính tư pháp – Sở Tư pháp tỉnh An Hòa';
const dept = 'Sở Tư pháp tỉnh An Hòa';
const [desk, specialist, director, clerk] = ['Phạm Thị Hoa', 'Vũ Thị Lan', 'Ngô Thị Mai', 'Bùi Văn Tư'];

test('the control sheet lists every hand-over with giver, receiver, time and result; its PDF says the same; the register lists the dossier', async () => {
  const applicant = 'Đặng Thị Kiểm Soát';
  const code = await received(applicant);
  await act(people.desk, code, { kind: 'start' });
  await act(people.specialist, code, { kind: 'claim' });
  await act(people.specialist, code, { kind: 'request_supplement', 'text-supplement': 'Bản sao giấy tờ tùy thân' });
  await act(people.desk, code, { kind: 'supplement_received' });
  await act(people.specialist, code, { kind: 'complete', outcome: 'done' });
  await act(people.director, code, { kind: 'send_back', to: 'appraise', 'text-back-appraise': 'Thiếu ý kiến của phòng' });
  await act(people.specialist, code, { kind: 'claim' });
  await act(people.specialist, code, { kind: 'complete', outcome: 'done' });
  await act(people.director, code, { kind: 'complete', outcome: 'approved' });
  await act(people.clerk, code, { kind: 'complete', outcome: 'done' });
  await act(people.desk, code, { kind: 'return_result' });

  // The expected rows, from the log's own times and the province's calendar.
  const { rows: log } = await pool.query<{ at: Date; action: string }>(
    `SELECT at, action FROM dossier_actions WHERE dossier_id = (SELECT id FROM dossiers WHERE code = $1) ORDER BY id`,
    [code],
  );
  assert.deepEqual(
    log.map((e) => e.action),
    [
      'receive',
      'start',
      'claim',
      'request_supplement',
      'supplement_received',
      'complete',
      'send_back',
      'claim',
      'complete',
      'complete',
      'complete',
      'return_result',
    ],
  );
  const { due_at: due } = (await pool.query(`SELECT due_at FROM dossiers WHERE code = $1`, [code])).rows[0];
  const year = new Date().getUTCFullYear();
  const calendar = await loadCalendar(pool, { fromYear: year - 1, toYear: year + 3 });
  const at = (i: number) => log[i]!.at;
  const label = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' } as const;
  const result = (limit: Date, i: number) => `${label[timeliness(limit, at(i), at(i))]}\n(hạn ${formatMoment(limit)})`;
  const step = (from: number, h: number) => dueAt(at(from), { value: h, unit: 'working_hours' }, calendar);
  const expected = [
    [`${bpmc}\n${desk}`, `${unit}\n${specialist}`, 1, result(forwardingDeadline(at(0), calendar), 1)],
    [`${unit}\n${specialist}`, `${bpmc}\n${desk}`, 3, result(step(1, 16), 3)],
    [`${bpmc}\n${desk}`, `${unit}\n${specialist}`, 4, 'Không tính\n(thời gian chờ bổ sung)'],
    [`${unit}\n${specialist}`, `${dept}\n${director}`, 5, result(step(4, 16), 5)],
    [`${dept}\n${director}`, `${unit}\n${specialist}`, 6, result(step(5, 4), 6)],
    [`${unit}\n${specialist}`, `${dept}\n${director}`, 8, result(step(6, 16), 8)],
    [`${dept}\n${director}`, `${dept}\n${clerk}`, 9, result(step(8, 4), 9)],
    [`${dept}\n${clerk}`, `${bpmc}\n${desk}`, 10, result(step(9, 4), 10)],
    [`${bpmc}\n${desk}`, `Người nộp hồ sơ\n${applicant}`, 11, result(due, 11)],
  ].map(([giver, receiver, i, res], n) => [String(n + 1), giver, receiver, formatMoment(at(i as number)), res]);

  assert.match((await people.desk.page(`/ho-so/${code}`)).html, new RegExp(`href="/ho-so/${escape(code)}/phieu-kiem-soat"`));
  const page = await people.desk.page(`/ho-so/${code}/phieu-kiem-soat`);
  assert.equal(page.status, 200);
  const rows = tableRows(page.html);
  assert.deepEqual(
    rows.map((r) => r.slice(0, 5)),
    expected,
  );
  assert.match(rows[1]![5]!, /Yêu cầu bổ sung, hoàn thiện hồ sơ: Bản sao giấy tờ tùy thân/);
  assert.match(rows[4]![5]!, /Trả lại bước «Thẩm định hồ sơ»: Thiếu ý kiến của phòng/);
  const printed = printedText(page.html);
  assert.match(printed, new RegExp(`Mã hồ sơ: ${escape(code)}`));
  assert.match(printed, new RegExp(`Người nộp hồ sơ: ${applicant}`));
  assert.match(printed, /Cơ quan chủ trì giải quyết: Sở Tư pháp tỉnh An Hòa/);

  // The PDF, read back as a viewer reads it, says word for word what the printed page says.
  const pdf = await pdfText(await people.desk.get(`/ho-so/${code}/phieu-kiem-soat.pdf`), `Mã hồ sơ ${escape(code)}`, headRow(page.html));
  assert.equal(pdf, printed);
  for (const row of expected) assert.ok(pdf.includes(row.join(' ').replace(/\s+/g, ' ')), `PDF row ${row[0]}`);

  // Whoever worked on it in another agency reads it too; another agency's desk does not.
  assert.equal((await people.clerk.page(`/ho-so/${code}/phieu-kiem-soat`)).status, 200);
  assert.equal((await people.commune.page(`/ho-so/${code}/phieu-kiem-soat`)).status, 403);
  assert.equal((await people.commune.get(`/ho-so/${code}/phieu-kiem-soat.pdf`)).status, 403);

  // The register of the centre for today lists it, on the page and in the PDF.
  const today = formatDate(new Date());
  const query = `co_quan=${centre}&tu=${today}&den=${today}`;
  const register = await people.desk.page(`/so-theo-doi?${query}`);
  assert.equal(register.status, 200);
  const line = tableRows(register.html).find((r) => r[1] === code);
  assert.ok(line, 'the register lists the dossier');
  const procedure = (await pool.query(`SELECT name FROM procedures WHERE code = '1.001193'`)).rows[0].name as string;
  assert.deepEqual(line.slice(2, 8), [procedure, applicant, unit, today, formatDate(due), today]);
  assert.equal(line[9], label[timeliness(due, at(10), at(10))]);
  const registerPdf = await pdfText(
    await people.desk.get(`/so-theo-doi.pdf?${query}`),
    'Sổ theo dõi hồ sơ từ \\S+ đến \\S+',
    headRow(register.html),
  );
  assert.ok(registerPdf.includes(` ${code} `), 'the PDF register lists the dossier');
  assert.equal(registerPdf, printedText(register.html));
});

test('the register is for the agency’s desk and leaders and for inspectors, over a period typed correctly', async () => {
  const today = formatDate(new Date());
  const query = `co_quan=${centre}&tu=${today}&den=${today}`;
  assert.equal((await people.inspector.page(`/so-theo-doi?${query}`)).status, 200);
  // Another agency's desk and a department's specialist may not read the centre's register.
  assert.equal((await people.commune.page(`/so-theo-doi?${query}`)).status, 403);
  assert.equal((await people.specialist.page(`/so-theo-doi?${query}`)).status, 403);
  assert.equal((await people.commune.get(`/so-theo-doi.pdf?${query}`)).status, 403);
  // Without an agency, the register of one's own.
  const own = await people.commune.page('/so-theo-doi');
  assert.equal(own.status, 200);
  assert.match(printedText(own.html), /ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG THÀNH/);
  // Both ends wrong: both said at once, no register shown.
  const wrong = await people.desk.page(`/so-theo-doi?co_quan=${centre}&tu=31/02/2026&den=abc`);
  assert.equal(wrong.status, 400);
  const text = wrong.html.replace(/<[^>]+>/g, ' ');
  assert.match(text, /“31\/02\/2026” không phải là một ngày có thật/);
  assert.match(text, /“abc” không phải là một ngày có thật/);
  assert.doesNotMatch(wrong.html, /<article/);
  assert.equal((await people.desk.get(`/so-theo-doi.pdf?co_quan=${centre}&tu=31/02/2026`)).status, 400);
  // Every reading of the register (names, addresses, phones) is audited.
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE subject_type = 'dossier_register'`);
  assert.ok(rows[0].n >= 2);
});
