import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, staffClient } from '../../../test/helpers/client.ts';
import { createDeps } from '../../app.ts';
import { formatDate, vietnamDate } from '../../lib/vietnamese.ts';
import { watchPublicRevision } from '../../web/public-revision.ts';
import { dueDateRuleOf } from '../dossiers/due-date.ts';
import { addCalendarDays, formatLocal, localDate, vietnamTime, weekday, type LocalDate } from './local-time.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const admin = await staffClient(url, deps, 'quantri.tinh');
const inspector = await staffClient(url, deps, 'thanhtra');
const officer = await staffClient(url, deps, 'motcua.dongthanh');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

// Two ordinary weeks (no holiday falls in March from the 10th) inside the years the reception's
// calendar loads (last year to three years ahead): a Saturday, the Friday before it, the Friday
// and Monday of the week after.
const year = Number(vietnamDate(new Date()).slice(0, 4)) + 1;
let saturday: LocalDate = localDate(year, 3, 10);
while (weekday(saturday) !== 6) saturday = addCalendarDays(saturday, 1);
const friday = addCalendarDays(saturday, -1);
const monday = addCalendarDays(saturday, 2);
const nextFriday = addCalendarDays(saturday, 6);
const nextMonday = addCalendarDays(saturday, 9);

/** The appointment the desk would give now for 1 working day, received at a Vietnam time (the desk's own rule and cache). */
async function dueFrom(received: string, appDeps = deps): Promise<string> {
  const rule = await dueDateRuleOf(appDeps);
  return formatLocal(await rule(vietnamTime(received), { value: 1, unit: 'working_days' }));
}

async function add(client: Client, fields: { date: string; kind: string; reason: string }) {
  await client.page(`/quan-tri/lich-lam-viec?nam=${year}`);
  return client.post('/quan-tri/lich-lam-viec', fields);
}

const adjustmentCount = async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM calendar_adjustments')).rows[0]!.n;

test("the page shows the year's holidays with their weekdays, the office hours and the 15:00 rule", async () => {
  const { status, html } = await admin.page('/quan-tri/lich-lam-viec?nam=2026');
  assert.equal(status, 200);
  assert.match(html, /<h1>Lịch làm việc năm 2026<\/h1>/);
  // Tết 2026 by the rules: the last day of the lunar year (16/2) and days 1–4 of the new one.
  for (const [date, day] of [
    ['16/02/2026', 'Thứ Hai'],
    ['17/02/2026', 'Thứ Ba'],
    ['20/02/2026', 'Thứ Sáu'],
  ])
    assert.ok(html.includes(`<td>${date}</td><td>${day}</td><td>Tết Nguyên đán</td>`), date);
  assert.ok(html.includes('<td>01/01/2026</td><td>Thứ Năm</td><td>Tết Dương lịch</td>'));
  // Hùng Kings' day (10/3 lunar) is Sunday 26/4/2026: Monday 27/4 is its compensatory day.
  assert.ok(html.includes('<td>26/04/2026</td><td>Chủ nhật</td><td>Giỗ Tổ Hùng Vương</td>'));
  assert.ok(html.includes('<td>27/04/2026</td><td>Thứ Hai</td><td>Nghỉ bù Giỗ Tổ Hùng Vương</td>'));
  assert.ok(html.includes('<td>02/09/2026</td><td>Thứ Tư</td><td>Quốc khánh</td>'));
  const page = text(html);
  assert.match(page, /Giờ hành chính 07:30–11:30 và 13:30–17:00 \(7,5 giờ mỗi ngày làm việc\)/);
  assert.match(page, /Hồ sơ tiếp nhận sau 15:00 được tính như tiếp nhận vào ngày làm việc tiếp theo/);
  assert.match(page, /Chưa có điều chỉnh nào cho năm 2026\./);
  assert.ok(html.includes('href="/quan-tri/lich-lam-viec?nam=2025"') && html.includes('href="/quan-tri/lich-lam-viec?nam=2027"'));
  assert.ok(html.includes('<a href="/quan-tri/lich-lam-viec">Lịch làm việc</a>'), 'in the admin navigation');
  assert.match(html, /<form method="post" action="\/quan-tri\/lich-lam-viec" novalidate><input type="hidden" name="_csrf"/);

  const current = await admin.page('/quan-tri/lich-lam-viec');
  assert.match(current.html, new RegExp(`<h1>Lịch làm việc năm ${vietnamDate(new Date()).slice(0, 4)}</h1>`));
  for (const bad of ['abc', '1999', '2100']) {
    const res = await admin.page(`/quan-tri/lich-lam-viec?nam=${bad}`);
    assert.equal(res.status, 400, bad);
    assert.match(res.html, /Năm phải là số từ 2000 đến 2099\./);
  }
});

test('a make-up Saturday and a swapped day off move the next due dates, in this process and in another', async () => {
  // Another process on the same database: its own cache, emptied when it sees the public revision move.
  const other = createDeps(pool, deps.config);
  const stopWatching = watchPublicRevision(pool, () => other.publicDataChanged(), 20);
  try {
    assert.equal(await dueFrom(`${friday} 10:00`), `${monday} 17:00`);
    assert.equal(await dueFrom(`${nextFriday} 10:00`), `${nextMonday} 17:00`);
    assert.equal(await dueFrom(`${friday} 10:00`, other), `${monday} 17:00`, 'the other process has the calendar cached');
    await new Promise((resolve) => setTimeout(resolve, 100)); // its watcher has read the revision

    const makeUp = await add(admin, { date: formatDate(saturday), kind: 'working_day', reason: 'Làm bù cho ngày hoán đổi' });
    assert.equal(makeUp.status, 303);
    assert.equal(makeUp.location, `/quan-tri/lich-lam-viec?nam=${year}&da_them=${saturday}`);
    const swapped = await add(admin, {
      date: ` ${Number(nextMonday.slice(8))}/${Number(nextMonday.slice(5, 7))}/${year} `,
      kind: 'day_off',
      reason: 'Hoán đổi ngày làm việc',
    });
    assert.equal(swapped.status, 303, 'd/m/yyyy with spaces around is a date too');

    // Received on Friday with 1 working day: due on the make-up Saturday instead of Monday.
    assert.equal(await dueFrom(`${friday} 10:00`), `${saturday} 17:00`);
    // Received on the next Friday: Monday is the swapped day off, so Tuesday.
    assert.equal(await dueFrom(`${nextFriday} 10:00`), `${addCalendarDays(nextMonday, 1)} 17:00`);
    // Received on the make-up Saturday itself: it is a working day, so counting starts there.
    assert.equal(await dueFrom(`${saturday} 09:00`), `${monday} 17:00`);

    let seen = '';
    for (let i = 0; i < 100 && seen !== `${saturday} 17:00`; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await dueFrom(`${friday} 10:00`, other);
    }
    assert.equal(seen, `${saturday} 17:00`, 'the other process follows within its poll');

    const { html } = await admin.page(makeUp.location!);
    assert.match(text(html), new RegExp(`Đã thêm điều chỉnh ngày ${formatDate(saturday)}\\.`));
    assert.ok(
      html.includes(
        `<td>${formatDate(saturday)}</td><td>Thứ Bảy</td><td>Ngày làm việc bù</td><td>Làm bù cho ngày hoán đổi</td><td>Nguyễn Văn Quản (quantri.tinh)`,
      ),
    );
    assert.ok(html.includes(`<td>${formatDate(nextMonday)}</td><td>Thứ Hai</td><td>Ngày nghỉ</td><td>Hoán đổi ngày làm việc</td>`));

    // Removing the make-up Saturday gives Monday back.
    const removed = await admin.post('/quan-tri/lich-lam-viec/xoa', { date: saturday });
    assert.equal(removed.status, 303);
    assert.equal(removed.location, `/quan-tri/lich-lam-viec?nam=${year}&da_xoa=${saturday}`);
    assert.equal(await dueFrom(`${friday} 10:00`), `${monday} 17:00`);
    const again = await admin.post('/quan-tri/lich-lam-viec/xoa', { date: saturday }, admin.csrf());
    assert.equal(again.status, 404);
    assert.match(again.html, new RegExp(`Ngày ${formatDate(saturday)} không có điều chỉnh nào`));
  } finally {
    stopWatching();
  }
});

test('bad input comes back as 400 with every problem in Vietnamese and what was typed', async () => {
  const before = await adjustmentCount();
  const res = await add(admin, { date: '31/02/2026', kind: 'holiday', reason: '   ' });
  assert.equal(res.status, 400);
  for (const message of [
    '“31/02/2026” không phải là một ngày có thật. Nhập theo dạng ngày/tháng/năm, ví dụ 25/04/2026.',
    'Chọn loại điều chỉnh: ngày nghỉ hoặc ngày làm việc bù.',
    'Nhập lý do điều chỉnh, ví dụ số và ngày của văn bản quyết định.',
  ])
    assert.ok(
      res.html.includes(`<a href="#${message.startsWith('“') ? 'date' : message.startsWith('Chọn') ? 'kind' : 'reason'}">${message}</a>`),
      message,
    );
  assert.match(res.html, /name="date" value="31\/02\/2026"/);
  assert.match(res.html, /<h1>Lịch làm việc năm 2026<\/h1>/, 'the year of the typed date');

  for (const [fields, message] of [
    [{ date: '', kind: 'day_off', reason: 'x' }, 'Nhập ngày cần điều chỉnh theo dạng ngày/tháng/năm'],
    [{ date: '2026-04-25', kind: 'day_off', reason: 'x' }, '“2026-04-25” không phải là một ngày có thật'],
    [{ date: '01/01/1999', kind: 'day_off', reason: 'x' }, 'Chỉ điều chỉnh được các ngày từ năm 2000 đến năm 2099.'],
    // Wednesday 11/3/2026 is an ordinary working day.
    [
      { date: '11/03/2026', kind: 'working_day', reason: 'Làm bù' },
      'Ngày 11/03/2026 (Thứ Tư) vốn đã là ngày làm việc, nên thêm “Ngày làm việc bù” không thay đổi gì.',
    ],
    [{ date: '15/03/2026', kind: 'day_off', reason: 'Nghỉ' }, 'Ngày 15/03/2026 (Chủ nhật) vốn đã là ngày nghỉ (Nghỉ hằng tuần)'],
    [{ date: '17/02/2026', kind: 'day_off', reason: 'Nghỉ Tết' }, 'Ngày 17/02/2026 (Thứ Ba) vốn đã là ngày nghỉ (Tết Nguyên đán)'],
    [
      { date: formatDate(nextMonday), kind: 'working_day', reason: 'Đổi lại' },
      `Ngày ${formatDate(nextMonday)} (Thứ Hai) đã có điều chỉnh “Ngày nghỉ: Hoán đổi ngày làm việc”.`,
    ],
  ] as const) {
    const r = await add(admin, fields);
    assert.equal(r.status, 400, fields.date);
    assert.ok(r.html.includes(message), `${fields.date}: ${message}`);
    assert.ok(r.html.includes(`name="reason" value="${fields.reason}"`), 'the reason is kept');
    assert.match(r.html, new RegExp(`<option value="${fields.kind}" selected>`), 'the kind is kept');
  }
  assert.equal(await adjustmentCount(), before, 'nothing was stored');

  // A rule holiday the government moves away becomes a working day, and the holiday table says so.
  const holiday = await add(admin, { date: '01/01/2027', kind: 'working_day', reason: 'Chuyển ngày nghỉ Tết Dương lịch' });
  assert.equal(holiday.status, 303);
  const { html } = await admin.page(holiday.location!);
  assert.ok(html.includes('<td>Tết Dương lịch</td><td>Đã điều chỉnh thành ngày làm việc: Chuyển ngày nghỉ Tết Dương lịch</td>'));
});

test('a desk officer gets 403, the inspector may only look, an anonymous visitor is sent to sign in', async () => {
  const page = await officer.page('/quan-tri/lich-lam-viec');
  assert.equal(page.status, 403);
  assert.match(page.html, /Chỉ quản trị tỉnh và thanh tra được xem lịch làm việc của tỉnh\./);
  await officer.page('/tiep-nhan');
  assert.ok(!officer.lastHtml.includes('/quan-tri/lich-lam-viec'), 'no link in the desk officer’s navigation');
  const before = await adjustmentCount();
  const post = await officer.post('/quan-tri/lich-lam-viec', { date: formatDate(nextFriday), kind: 'day_off', reason: 'x' });
  assert.equal(post.status, 403);
  assert.match(post.html, /Chỉ quản trị tỉnh được điều chỉnh lịch làm việc\./);

  const look = await inspector.page(`/quan-tri/lich-lam-viec?nam=${year}`);
  assert.equal(look.status, 200);
  assert.ok(look.html.includes('Hoán đổi ngày làm việc'), 'the inspector sees the adjustments');
  assert.ok(!look.html.includes('action="/quan-tri/lich-lam-viec'), 'without the forms to change them');
  const csrf = inspector.csrf(); // the sign-out form's
  for (const [path, fields] of [
    ['/quan-tri/lich-lam-viec', { date: formatDate(nextFriday), kind: 'day_off', reason: 'x' }],
    ['/quan-tri/lich-lam-viec/xoa', { date: nextMonday }],
  ] as const) {
    const r = await inspector.post(path, fields, csrf);
    assert.equal(r.status, 403, path);
    assert.match(r.html, /Chỉ quản trị tỉnh được điều chỉnh lịch làm việc\./);
  }
  assert.equal(await adjustmentCount(), before);

  const anonymous = await fetch(`${url}/quan-tri/lich-lam-viec?nam=2026`, { redirect: 'manual' });
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.headers.get('location'), `/dang-nhap?tiep=${encodeURIComponent('/quan-tri/lich-lam-viec?nam=2026')}`);
});

test('every change is in the audit log, named in Vietnamese, with who made it', async () => {
  const { rows } = await pool.query<{ action: string; actor_name: string; subject_id: string; detail: Record<string, unknown> }>(
    `SELECT action, actor_name, subject_id, detail FROM audit_log WHERE subject_type = 'calendar_adjustment' ORDER BY id`,
  );
  assert.deepEqual(
    rows.map((r) => `${r.action} ${r.subject_id} ${r.detail.kind} ${r.detail.reason}`),
    [
      `calendar_adjustment_added ${saturday} working_day Làm bù cho ngày hoán đổi`,
      `calendar_adjustment_added ${nextMonday} day_off Hoán đổi ngày làm việc`,
      `calendar_adjustment_removed ${saturday} working_day Làm bù cho ngày hoán đổi`,
      'calendar_adjustment_added 2027-01-01 working_day Chuyển ngày nghỉ Tết Dương lịch',
    ],
  );
  assert.ok(rows.every((r) => r.actor_name === 'Nguyễn Văn Quản (quantri.tinh)'));

  const log = await admin.page('/quan-tri/nhat-ky?thao_tac=calendar_adjustment_added');
  assert.equal(log.status, 200);
  const page = text(log.html);
  assert.match(page, /3 mục\./);
  assert.match(page, new RegExp(`Nguyễn Văn Quản \\(quantri.tinh\\) Thêm điều chỉnh lịch làm việc calendar_adjustment ${nextMonday}`));
  assert.match(text((await admin.page('/quan-tri/nhat-ky?thao_tac=calendar_adjustment_removed')).html), /Xóa điều chỉnh lịch làm việc/);
});
