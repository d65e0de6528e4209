/**
 * What people type into the catalogue search: with and without diacritics,
 * half-typed, with slips (which trigger the app's typo correction), and codes.
 */
export const searchQueries: string[] = [
  // With diacritics.
  'đăng ký khai sinh',
  'Đăng ký kết hôn',
  'chứng thực bản sao',
  'giấy phép xây dựng',
  'kết hôn có yếu tố nước ngoài',
  'lý lịch tư pháp',
  'nuôi con nuôi',
  'công chứng hợp đồng',
  'đấu giá tài sản',
  'nhà ở xã hội',
  'chứng chỉ hành nghề',
  'trích lục hộ tịch',
  'quốc tịch Việt Nam',
  'đăng ký biện pháp bảo đảm',
  'giấy phép lái xe',
  'tàu bay',
  // Without diacritics.
  'dang ky khai sinh',
  'chung thuc ban sao',
  'giay phep xay dung',
  'ket hon',
  'ly lich tu phap',
  'xac nhan tinh trang hon nhan',
  'thay doi cai chinh ho tich',
  'cap lai giay phep',
  'thua phat lai',
  'hoa giai thuong mai',
  'giam dinh tu phap',
  'tro giup phap ly',
  'kinh doanh bat dong san',
  'dang kiem xe co gioi',
  'cang thuy noi dia',
  'luat su',
  // Still typing (the last word is a prefix).
  'dang ky khai s',
  'giay phep xay',
  'chứng thự',
  // Slips.
  'dang ki khai sinh',
  'khai sihn',
  'giay phep xay dugn',
  'cong chnug',
  'ly lcih tu phap',
  'nuoi con nuio',
  // Codes.
  '1.001193',
  '1.000080',
  '2.000',
  '1.00',
];

export const headers = { 'accept-encoding': 'br, gzip' };

/** A deterministic shuffle, so runs walk the same order. */
export function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
