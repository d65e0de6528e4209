import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { legalConsultantCardProcess } from '../demo/demo-processes.ts';
import type { ProcessDefinition } from './process-definition.ts';
import { ProcessDiagram, StepTable } from './process-diagram.tsx';

const names = (code: string) => ({ '000.01.11.H99': 'Phòng Hành chính tư pháp', '000.00.11.H99': 'Sở Tư pháp' })[code] ?? code;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** The demo with a joint step of two agencies in the middle. */
const joint: ProcessDefinition = {
  ...legalConsultantCardProcess,
  steps: [
    legalConsultantCardProcess.steps[0]!,
    { ...legalConsultantCardProcess.steps[1]!, next: [{ on: 'done', to: 'consult' }] },
    {
      id: 'consult',
      name: 'Lấy ý kiến phối hợp',
      kind: 'joint',
      responsible: { agency: '000.01.11.H99', role: 'specialist' },
      allotment: { amount: 1, unit: 'working_days' },
      next: [{ on: 'done', to: 'approve' }],
      tasks: [
        { agency: '000.00.12.H99', role: 'specialist', task: 'Ý kiến về nhà ở', allotment: { amount: 1, unit: 'working_days' } },
        { agency: '000.00.11.H99', role: 'unit_head', task: 'Xác minh', allotment: { amount: 4, unit: 'working_hours' } },
      ],
    },
    ...legalConsultantCardProcess.steps.slice(2),
  ],
};

test('the diagram is one image with a title and a description that tells the whole process', () => {
  const svg = renderToString(<ProcessDiagram definition={legalConsultantCardProcess} names={names} />);
  assert.match(svg, /^<svg class="process-diagram" role="img" aria-labelledby="diagram-title diagram-desc"/);
  assert.match(svg, /<title id="diagram-title">Sơ đồ quy trình: Quy trình nội bộ cấp thẻ tư vấn viên pháp luật<\/title>/);
  const desc = /<desc id="diagram-desc">([^<]*)<\/desc>/.exec(svg)![1]!;
  assert.equal(
    desc,
    'Bước 1, Tiếp nhận hồ sơ, chuyển Sở Tư pháp: Xử lý, Cán bộ một cửa, cơ quan tiếp nhận hồ sơ, 4 giờ làm việc; Hoàn thành sang bước 2. ' +
      'Bước 2, Thẩm định hồ sơ, dự thảo thẻ: Thẩm định, Chuyên viên, Phòng Hành chính tư pháp, 3 ngày làm việc; Hoàn thành sang bước 3. ' +
      'Bước 3, Giám đốc Sở ký thẻ: Phê duyệt, Lãnh đạo cơ quan, Sở Tư pháp, 1 ngày làm việc; Đồng ý sang bước 4, Không đồng ý sang bước 2. ' +
      'Bước 4, Vào sổ, đóng dấu, chuyển kết quả: Phát hành kết quả, Văn thư, Sở Tư pháp, 4 giờ làm việc; Hoàn thành sang kết thúc.',
  );
  // Four boxes and the end; the approval's two ways are labelled, the way back is drawn dashed along the side.
  assert.equal(svg.match(/<rect [^>]*stroke-width="2"/g)?.length, 4);
  assert.match(text(svg), /Kết thúc: có kết quả/);
  assert.match(svg, /<text [^>]*>Đồng ý<\/text>/);
  assert.match(svg, /<path d="M[^"]*"[^>]*stroke-dasharray="5 3"[^>]*><\/path><text [^>]*>Không đồng ý<\/text>/);
  assert.equal(svg.match(/marker-end="url\(#arrow\)"/g)?.length, 6, 'start, three straight arrows, the end, the way back');
});

test('the tasks of a joint step stand side by side under it, and the table says everything again', () => {
  const svg = renderToString(<ProcessDiagram definition={joint} names={names} />);
  const tasks = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="88"/g)].map((m) => m.slice(1).map(Number));
  assert.equal(tasks.length, 2);
  assert.equal(tasks[0]![1], tasks[1]![1], 'on one row');
  assert.ok(tasks[0]![0]! + tasks[0]![2]! < tasks[1]![0]!, 'one beside the other');
  assert.match(text(svg), /000\.00\.12\.H99 Ý kiến về nhà ở Chuyên viên 1 ngày làm việc/);

  const table = text(renderToString(<StepTable definition={joint} names={names} />));
  assert.match(
    table,
    /3 Lấy ý kiến phối hợp \(Liên thông \(các cơ quan phối hợp\)\) 000\.00\.12\.H99: Ý kiến về nhà ở \(Chuyên viên, 1 ngày làm việc\) Sở Tư pháp: Xác minh \(Lãnh đạo phòng, 4 giờ làm việc\) Chuyên viên, Phòng Hành chính tư pháp 1 ngày làm việc Hoàn thành: Bước 4/,
  );
  assert.match(table, /Giám đốc Sở ký thẻ \(Phê duyệt\) Lãnh đạo cơ quan, Sở Tư pháp 1 ngày làm việc Đồng ý: Bước 5; Không đồng ý: Bước 2/);
});
