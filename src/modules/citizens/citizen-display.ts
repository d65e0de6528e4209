/** Pure: how a citizen's identity is shown back to them. */

/** Only the last 3 digits stay readable: "•••••••••123". Anything shorter than 4 characters is fully hidden. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 4) return '•'.repeat(idNumber.length);
  return '•'.repeat(idNumber.length - 3) + idNumber.slice(-3);
}

const assuranceNames: Record<string, string> = {
  'vneid-1': 'Mức 1 – tài khoản định danh điện tử mức độ 1 (đăng ký trực tuyến)',
  'vneid-2': 'Mức 2 – tài khoản định danh điện tử mức độ 2 (đã xác minh trực tiếp với cơ quan Công an)',
};

/** The assurance level (acr) in words; an unknown value is shown as it came. */
export function assuranceInWords(acr: string): string {
  if (!acr) return 'Không rõ';
  return assuranceNames[acr] ?? `Mức xác thực “${acr}”`;
}
