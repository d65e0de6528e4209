import type { FormDefinition } from '../forms/form-definition.ts';

/**
 * The demo province's e-form for birth registration (1.001193), after the
 * declaration of the Ministry of Justice: the person asking (filled in from
 * their identity), the children (twins are registered together: a repeating
 * group), the mother, and the father only when the parents say so.
 */
export const birthRegistrationForm: FormDefinition = {
  title: 'Tờ khai đăng ký khai sinh',
  sections: [
    {
      id: 'requester',
      title: 'Người yêu cầu',
      questions: [
        { id: 'requesterName', label: 'Họ, chữ đệm, tên người yêu cầu', type: 'text', required: true, prefill: 'fullName', maxLength: 100 },
        { id: 'requesterId', label: 'Số định danh cá nhân của người yêu cầu', type: 'idNumber', required: true, prefill: 'idNumber' },
        {
          id: 'relationship',
          label: 'Quan hệ với người được khai sinh',
          type: 'radio',
          required: true,
          options: [
            { value: 'mother', label: 'Mẹ' },
            { value: 'father', label: 'Cha' },
            { value: 'grandparent', label: 'Ông, bà' },
            { value: 'other', label: 'Người thân khác' },
          ],
        },
        {
          id: 'relationshipOther',
          label: 'Quan hệ cụ thể',
          type: 'text',
          required: true,
          when: { question: 'relationship', equals: 'other' },
        },
      ],
    },
    {
      id: 'children',
      title: 'Người được khai sinh',
      hint: 'Trường hợp sinh đôi, sinh ba, khai thông tin từng trẻ.',
      repeat: { min: 1, max: 5, itemLabel: 'trẻ' },
      questions: [
        { id: 'name', label: 'Họ, chữ đệm, tên', type: 'text', required: true, maxLength: 100 },
        {
          id: 'sex',
          label: 'Giới tính',
          type: 'radio',
          required: true,
          options: [
            { value: 'male', label: 'Nam' },
            { value: 'female', label: 'Nữ' },
          ],
        },
        { id: 'birthDate', label: 'Ngày, tháng, năm sinh', type: 'date', required: true, hint: 'Ví dụ: 15/03/2026' },
        { id: 'birthPlace', label: 'Nơi sinh', type: 'text', required: true, hint: 'Tên cơ sở y tế hoặc địa chỉ nơi sinh' },
        { id: 'ethnicity', label: 'Dân tộc', type: 'text', required: true, maxLength: 50 },
      ],
    },
    {
      id: 'mother',
      title: 'Người mẹ',
      questions: [
        { id: 'motherName', label: 'Họ, chữ đệm, tên người mẹ', type: 'text', required: true, maxLength: 100 },
        { id: 'motherId', label: 'Số định danh cá nhân của người mẹ', type: 'idNumber', required: true },
        { id: 'motherBirthYear', label: 'Năm sinh của người mẹ', type: 'number', required: true, min: 1900, max: 2100 },
      ],
    },
    {
      id: 'fatherChoice',
      title: 'Người cha',
      questions: [
        {
          id: 'hasFather',
          label: 'Khai thông tin người cha?',
          type: 'radio',
          required: true,
          options: [
            { value: 'yes', label: 'Có' },
            { value: 'no', label: 'Không (chưa xác định được cha)' },
          ],
        },
        {
          id: 'fatherName',
          label: 'Họ, chữ đệm, tên người cha',
          type: 'text',
          required: true,
          when: { question: 'hasFather', equals: 'yes' },
        },
        {
          id: 'fatherId',
          label: 'Số định danh cá nhân của người cha',
          type: 'idNumber',
          required: true,
          when: { question: 'hasFather', equals: 'yes' },
        },
      ],
    },
    {
      id: 'copies',
      title: 'Bản sao trích lục',
      questions: [
        {
          id: 'copyCount',
          label: 'Số bản sao trích lục khai sinh đề nghị cấp',
          type: 'number',
          min: 0,
          max: 20,
          hint: 'Không bắt buộc. Mỗi bản sao nộp phí theo quy định.',
        },
      ],
    },
  ],
};
