import type { AgencyInput } from '../agencies/agency.schema.ts';
import type { Role } from '../accounts/roles.ts';

/**
 * The demo province: fictional (Tỉnh An Hòa, code H99, which no real province
 * uses), shaped like a real one after the 2025 reorganisation: the provincial
 * People's Committee, a service centre, departments with units, and communes,
 * one of which was merged into another on 01/07/2025.
 */
const a = (
  code: string | null,
  name: string,
  kind: AgencyInput['kind'],
  parentCode: string | null,
  extra: Partial<AgencyInput> = {},
): AgencyInput => ({
  code,
  name,
  kind,
  parentCode,
  address: '',
  phone: '',
  email: '',
  validFrom: '2025-07-01',
  validTo: null,
  successorCodes: [],
  ...extra,
});

export const demoAgencies: AgencyInput[] = [
  a('H99', 'Ủy ban nhân dân tỉnh An Hòa', 'people_committee', null, {
    address: 'Số 1 đường Trần Hưng Đạo, phường Đông Thành, tỉnh An Hòa',
    phone: '0299 3800 001',
  }),
  a('000.00.01.H99', 'Văn phòng Ủy ban nhân dân tỉnh An Hòa', 'department', 'H99'),
  a('000.00.10.H99', 'Trung tâm Phục vụ hành chính công tỉnh An Hòa', 'service_centre', 'H99', {
    address: 'Số 8 đường Lê Lợi, phường Đông Thành, tỉnh An Hòa',
    phone: '0299 3800 100',
  }),
  a('000.00.11.H99', 'Sở Tư pháp tỉnh An Hòa', 'department', 'H99', { address: 'Số 12 đường Lý Thường Kiệt, phường Đông Thành' }),
  a('000.01.11.H99', 'Phòng Hành chính tư pháp', 'unit', '000.00.11.H99'),
  a('000.02.11.H99', 'Phòng Bổ trợ tư pháp', 'unit', '000.00.11.H99'),
  a(null, 'Văn phòng Sở', 'unit', '000.00.11.H99'),
  a('000.00.12.H99', 'Sở Xây dựng tỉnh An Hòa', 'department', 'H99', { address: 'Số 20 đường Nguyễn Huệ, phường Đông Thành' }),
  a('000.01.12.H99', 'Phòng Quản lý nhà và thị trường bất động sản', 'unit', '000.00.12.H99'),
  a('000.02.12.H99', 'Phòng Quản lý hoạt động xây dựng', 'unit', '000.00.12.H99'),
  a(null, 'Văn phòng Sở', 'unit', '000.00.12.H99'),
  a('000.00.13.H99', 'Sở Nội vụ tỉnh An Hòa', 'department', 'H99'),
  a('000.00.31.H99', 'Ủy ban nhân dân phường Đông Thành', 'commune', 'H99', { address: 'Số 3 đường Hai Bà Trưng, phường Đông Thành' }),
  a(null, 'Bộ phận một cửa', 'unit', '000.00.31.H99'),
  a('000.00.32.H99', 'Ủy ban nhân dân xã Hòa Bình', 'commune', 'H99'),
  a(null, 'Bộ phận một cửa', 'unit', '000.00.32.H99'),
  a('000.00.33.H99', 'Ủy ban nhân dân xã Sơn Thủy', 'commune', 'H99', { address: 'Thôn Bản Lầu, xã Sơn Thủy' }),
  a(null, 'Bộ phận một cửa', 'unit', '000.00.33.H99'),
  a('000.00.34.H99', 'Ủy ban nhân dân xã Tân Lập', 'commune', 'H99', {
    validFrom: '2020-01-01',
    validTo: '2025-06-30',
    successorCodes: ['000.00.32.H99'],
  }),
];

export interface DemoAccount {
  username: string;
  fullName: string;
  role: Role;
  agencyCode: string;
  /** For units without a code: the unit's name under agencyCode. */
  unitName?: string;
}

export const demoAccounts: DemoAccount[] = [
  { username: 'quantri.tinh', fullName: 'Nguyễn Văn Quản', role: 'province_admin', agencyCode: 'H99' },
  { username: 'thanhtra', fullName: 'Trần Thị Thanh', role: 'inspector', agencyCode: 'H99' },
  { username: 'quantri.stp', fullName: 'Lê Minh Quang', role: 'agency_admin', agencyCode: '000.00.11.H99' },
  { username: 'motcua.ttphc', fullName: 'Phạm Thị Hoa', role: 'desk_officer', agencyCode: '000.00.10.H99' },
  { username: 'motcua.dongthanh', fullName: 'Đỗ Văn Bình', role: 'desk_officer', agencyCode: '000.00.31.H99' },
  // Online dossiers of the department's procedures are received by its own desk officer (seconded to the centre).
  { username: 'motcua.stp', fullName: 'Lý Thị Nhận', role: 'desk_officer', agencyCode: '000.00.11.H99' },
  { username: 'chuyenvien.stp', fullName: 'Vũ Thị Lan', role: 'specialist', agencyCode: '000.01.11.H99' },
  { username: 'truongphong.stp', fullName: 'Hoàng Văn Nam', role: 'unit_head', agencyCode: '000.01.11.H99' },
  { username: 'giamdoc.stp', fullName: 'Ngô Thị Mai', role: 'agency_leader', agencyCode: '000.00.11.H99' },
  { username: 'vanthu.stp', fullName: 'Bùi Văn Tư', role: 'clerk', agencyCode: '000.00.11.H99', unitName: 'Văn phòng Sở' },
];

/** Printed at start; demo only (DEMO=true). Every account must change it at first sign-in. */
export const demoPassword = 'MotCua@2026';

/** Which department performs the province-level procedures of each shipped folder. */
export const demoCatalogue = [
  { folder: 'bo-tu-phap', agencyCode: '000.00.11.H99' },
  { folder: 'bo-xay-dung', agencyCode: '000.00.12.H99' },
];
