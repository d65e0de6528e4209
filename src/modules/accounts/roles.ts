/** The roles a staff member may hold in an agency or unit, and their Vietnamese names. */
export const roles = [
  'desk_officer',
  'specialist',
  'unit_head',
  'agency_leader',
  'clerk',
  'agency_admin',
  'province_admin',
  'inspector',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  desk_officer: 'Cán bộ một cửa',
  specialist: 'Chuyên viên',
  unit_head: 'Lãnh đạo phòng',
  agency_leader: 'Lãnh đạo cơ quan',
  clerk: 'Văn thư',
  agency_admin: 'Quản trị cơ quan',
  province_admin: 'Quản trị tỉnh',
  inspector: 'Thanh tra (chỉ xem)',
};

/** Roles that may change who can do what, or read everything: they sign in with a second factor. */
export const rolesNeedingSecondFactor: readonly Role[] = ['province_admin', 'agency_admin', 'inspector'];
