import type { ProcessDefinition } from '../processes/process-definition.ts';

/**
 * The demo province's internal processes. The communes of the demo have only a
 * desk officer, so nobody there could appraise or approve: the demo process is
 * a Sở Tư pháp procedure instead, "Cấp thẻ tư vấn viên pháp luật" (1.000426,
 * 5 working days at every channel): the service centre's desk receives, the
 * Phòng Hành chính tư pháp appraises, the director approves (or sends it back
 * to appraisal), the office's clerk issues. 4 h + 3 d + 1 d + 4 h = 5 working days.
 */
export const legalConsultantCardCode = '1.000426';

export const legalConsultantCardProcess: ProcessDefinition = {
  title: 'Quy trình nội bộ cấp thẻ tư vấn viên pháp luật',
  steps: [
    {
      id: 'receive',
      name: 'Tiếp nhận hồ sơ, chuyển Sở Tư pháp',
      kind: 'handle',
      responsible: { agency: 'receiving', role: 'desk_officer' },
      allotment: { amount: 4, unit: 'working_hours' },
      next: [{ on: 'done', to: 'appraise' }],
    },
    {
      id: 'appraise',
      name: 'Thẩm định hồ sơ, dự thảo thẻ',
      kind: 'appraise',
      responsible: { agency: '000.01.11.H99', role: 'specialist' },
      allotment: { amount: 3, unit: 'working_days' },
      next: [{ on: 'done', to: 'approve' }],
    },
    {
      id: 'approve',
      name: 'Giám đốc Sở ký thẻ',
      kind: 'approve',
      responsible: { agency: '000.00.11.H99', role: 'agency_leader' },
      allotment: { amount: 1, unit: 'working_days' },
      next: [
        { on: 'approved', to: 'issue' },
        { on: 'refused', to: 'appraise' },
      ],
    },
    {
      id: 'issue',
      name: 'Vào sổ, đóng dấu, chuyển kết quả',
      kind: 'issue',
      responsible: { agency: '000.00.11.H99', role: 'clerk' },
      allotment: { amount: 4, unit: 'working_hours' },
      next: [{ on: 'done', to: 'end' }],
    },
  ],
};
