/**
 * Electronic agency codes (mã định danh điện tử) of Decision 20/2020/QĐ-TTg,
 * as amended by Decision 09/2025/QĐ-TTg.
 *
 *   level 1  H56             a province (H) or ministry (G)
 *   level 2  000.00.22.H56   an agency directly under it
 *   level 3  000.17.22.H56   a unit of a level-2 agency
 *   level 4  001.17.22.H56   a unit of a level-3 unit
 *
 * A child's code keeps its parent's parts and fills the next group with a non-zero number.
 * Real codes come from the national agency catalogue: this module checks them, never invents them.
 */
const pattern = /^(?:(\d{3})\.(\d{2})\.(\d{2})\.)?([GH]\d{2})$/;

export interface AgencyCode {
  code: string;
  level: 1 | 2 | 3 | 4;
  /** The code of the level above, or null for a province or ministry. */
  parent: string | null;
}

/** Parses a code, or returns null when it is not a valid Decision 20 code. */
export function parseAgencyCode(input: string): AgencyCode | null {
  const code = input.trim().toUpperCase();
  const m = pattern.exec(code);
  if (!m) return null;
  const [, v, u, t, root] = m;
  if (v === undefined) return { code, level: 1, parent: null };
  if (t === '00') return null;
  if (u === '00') return v === '000' ? { code, level: 2, parent: root! } : null;
  if (v === '000') return { code, level: 3, parent: `000.00.${t}.${root}` };
  return { code, level: 4, parent: `000.${u}.${t}.${root}` };
}

/** The Vietnamese reason a code cannot sit under a parent with `parentCode`, or null when it can. */
export function codePlacementProblem(code: string, parentCode: string | null): string | null {
  const parsed = parseAgencyCode(code);
  if (!parsed) {
    return 'Mã định danh không đúng định dạng của Quyết định 20/2020/QĐ-TTg (ví dụ: H56, 000.00.22.H56, 000.17.22.H56).';
  }
  if (parentCode === null) {
    return parsed.level === 1 ? null : `Mã ${parsed.code} là mã cấp ${parsed.level}, phải thuộc cơ quan có mã ${parsed.parent}.`;
  }
  if (parsed.parent !== parentCode.toUpperCase()) {
    return `Mã ${parsed.code} không thuộc cơ quan cấp trên có mã ${parentCode}: mã của đơn vị con phải mở rộng mã của cơ quan cấp trên.`;
  }
  return null;
}
