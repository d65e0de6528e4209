import assert from 'node:assert/strict';
import { test } from 'node:test';
import { birthRegistrationForm } from '../demo/demo-forms.ts';
import { answersFromFields, carryOver, prefilledAnswers } from './answers.ts';
import { parseDefinition, type FormDefinition } from './form-definition.ts';
import { validateAnswers } from './validate-answers.ts';

const form = { procedureCode: '1.001193', version: 1, definition: birthRegistrationForm };
const child = { name: 'Lê Minh An', sex: 'male', birthDate: '2026-11-30', birthPlace: 'Bệnh viện tỉnh', ethnicity: 'Kinh' };
const complete = {
  requesterName: 'Lê Thị Thu',
  requesterId: '099190000321',
  relationship: 'mother',
  children: [child],
  motherName: 'Lê Thị Thu',
  motherId: '099190000321',
  motherBirthYear: 1995,
  hasFather: 'no',
};

test('a complete birth declaration is accepted as sent', () => {
  const r = validateAnswers(form, complete);
  assert.deepEqual(r.problems, []);
  assert.ok('answers' in r);
  assert.deepEqual(r.answers, complete);
});

test('every missing answer is named in Vietnamese and linked to its field, including those inside a repeated item', () => {
  const r = validateAnswers(form, { relationship: 'mother', children: [{ name: 'An' }], hasFather: 'yes' });
  const byField = new Map(r.problems.map((p) => [p.field, p.message]));
  assert.equal(byField.get('f.requesterName'), 'Nhập họ, chữ đệm, tên người yêu cầu.');
  assert.equal(byField.get('f.children.0.birthDate'), 'Người được khai sinh – trẻ thứ 1: Nhập ngày, tháng, năm sinh.');
  assert.equal(byField.get('f.children.0.sex'), 'Người được khai sinh – trẻ thứ 1: Chọn giới tính.');
  // The father's questions are asked because the answer said so.
  assert.equal(byField.get('f.fatherName'), 'Nhập họ, chữ đệm, tên người cha.');
  assert.ok(!byField.has('f.relationshipOther'), 'a question behind an unmet condition is not required');
});

test('a question behind an unmet condition is dropped even when a client sends it', () => {
  const r = validateAnswers(form, { ...complete, fatherName: 'Không ai', relationshipOther: 'x' });
  assert.ok('answers' in r);
  assert.equal(r.answers.fatherName, undefined);
  assert.equal(r.answers.relationshipOther, undefined);
});

test('wrong values get messages that say how to fix them', () => {
  const r = validateAnswers(form, {
    ...complete,
    requesterId: '12345',
    motherBirthYear: 1800,
    children: [{ ...child, birthDate: '2026-02-30', sex: 'x' }],
    unknown: 'y',
  });
  const byField = new Map(r.problems.map((p) => [p.field, p.message]));
  assert.equal(byField.get('f.requesterId'), 'Số định danh cá nhân của người yêu cầu gồm đúng 12 chữ số.');
  assert.equal(byField.get('f.motherBirthYear'), 'Năm sinh của người mẹ không được nhỏ hơn 1900.');
  assert.match(byField.get('f.children.0.birthDate')!, /ngày có thật.*15\/03\/2026/);
  assert.match(byField.get('f.children.0.sex')!, /trong các lựa chọn/);
  assert.equal(byField.get('answers'), 'Biểu mẫu không có câu hỏi «unknown».');
  // A year that is not a number is told the range it must be in, not an example of a decimal.
  const typed = validateAnswers(form, { ...complete, motherBirthYear: 'một chín tám lăm' as unknown as number });
  assert.equal(
    typed.problems.find((p) => p.field === 'f.motherBirthYear')?.message,
    'Năm sinh của người mẹ phải là một số từ 1900 đến 2100.',
  );
});

test('a repeating group keeps its minimum and maximum; too few items name the questions of the first one missing', () => {
  // On the page, a block for the first child left untouched is no item: its questions are named.
  for (const children of [[], undefined]) {
    const none = validateAnswers(form, { ...complete, children });
    assert.deepEqual(
      none.problems.map((p) => `${p.field} ${p.message}`),
      [
        'f.children.0.name Người được khai sinh – trẻ thứ 1: Nhập họ, chữ đệm, tên.',
        'f.children.0.sex Người được khai sinh – trẻ thứ 1: Chọn giới tính.',
        'f.children.0.birthDate Người được khai sinh – trẻ thứ 1: Nhập ngày, tháng, năm sinh.',
        'f.children.0.birthPlace Người được khai sinh – trẻ thứ 1: Nhập nơi sinh.',
        'f.children.0.ethnicity Người được khai sinh – trẻ thứ 1: Nhập dân tộc.',
      ],
    );
  }
  const many = validateAnswers(form, { ...complete, children: Array(6).fill(child) });
  assert.deepEqual(
    many.problems.map((p) => p.message),
    ['Người được khai sinh: nhiều nhất 5 trẻ.'],
  );
});

test('a posted page reads into answers: dates typed dd/mm/yyyy, decimal commas, items in order', () => {
  const answers = answersFromFields(birthRegistrationForm, {
    'f.requesterName': ['  Lê Thị Thu '],
    'f.motherBirthYear': ['1995'],
    'f.children.0.birthDate': ['1/2/2026'],
    'f.children.1.name': ['Lê Minh Bình'],
    'f.copyCount': ['2,5'],
  });
  assert.equal(answers.requesterName, 'Lê Thị Thu');
  assert.equal(answers.motherBirthYear, 1995);
  assert.equal(answers.copyCount, 2.5);
  assert.deepEqual(answers.children, [{ birthDate: '2026-02-01' }, { name: 'Lê Minh Bình' }]);
});

test('the identity fills in the questions that ask for it', () => {
  assert.deepEqual(prefilledAnswers(birthRegistrationForm, { fullName: 'Lê Thị Thu', idNumber: '099190000321' }), {
    requesterName: 'Lê Thị Thu',
    requesterId: '099190000321',
  });
});

test('answers saved under an older form keep what still fits the new one', () => {
  const changed: FormDefinition = structuredClone(birthRegistrationForm);
  changed.sections[0]!.questions[2]!.options = [{ value: 'father', label: 'Cha' }];
  changed.sections[2]!.questions = changed.sections[2]!.questions.filter((q) => q.id !== 'motherBirthYear');
  const { answers, dropped } = carryOver(changed, complete);
  assert.equal(answers.requesterName, 'Lê Thị Thu');
  assert.equal(answers.relationship, undefined, 'an option that no longer exists is not carried');
  assert.deepEqual(dropped.sort(), ['motherBirthYear', 'relationship']);
});

test('an admin’s definition is refused with every problem in Vietnamese', () => {
  assert.match(parseDefinition('{').problems[0]!.message, /không phải JSON hợp lệ/);
  const bad = parseDefinition(
    JSON.stringify({
      title: 'T',
      sections: [
        {
          id: 's',
          title: 'Phần một',
          questions: [
            { id: 'a', label: 'Câu A', type: 'radio' },
            { id: 'a', label: 'Câu B', type: 'text', when: { question: 'zz', equals: 'x' } },
            { id: 'c', label: 'Câu C', type: 'text', pattern: '(' },
          ],
        },
      ],
    }),
  );
  const messages = bad.problems.map((p) => p.message);
  assert.ok(messages.includes('Câu hỏi «Câu A»: câu hỏi có lựa chọn cần ít nhất một lựa chọn (options).'), messages.join('\n'));
  assert.ok(messages.includes('Câu hỏi «Câu B»: mã «a» bị trùng.'));
  assert.ok(messages.some((m) => m.includes('«zz» không có ở phía trước')));
  assert.ok(messages.includes('Câu hỏi «Câu C»: biểu thức kiểm tra (pattern) không hợp lệ.'));
  assert.match(
    parseDefinition('{"title":"T","sections":[{"id":"s","title":"S","questions":[{"id":"a","label":"A","type":"text","requred":true}]}]}')
      .problems[0]!.message,
    /không được hỗ trợ: requred/,
  );
  assert.deepEqual(parseDefinition(JSON.stringify(birthRegistrationForm)).problems, []);
});
