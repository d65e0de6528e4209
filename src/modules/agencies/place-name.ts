import type { AgencyIndex } from './agency-index.ts';

/**
 * The place name of a document's date line ("Đông Thành, ngày …"), Decree 30/2020 Appendix I: the
 * official name of the administrative unit where the issuing agency sits. That is the commune for a
 * commune's People's Committee and what belongs to it, otherwise the province of the People's
 * Committee above. Undefined when the tree names no such unit (the document leaves the place to fill).
 */
export function placeNameOf(index: AgencyIndex, agencyId: number): string | undefined {
  const path = index.pathOf(agencyId);
  for (let i = path.length - 1; i >= 0; i--) {
    const kind = index.kindOf(path[i]!);
    if (kind === 'commune' || kind === 'people_committee') return unitNameOf(index.nameOf(path[i]!));
  }
  return undefined;
}

/** "Ủy ban nhân dân tỉnh An Hòa" → "An Hòa", "UBND phường Đông Thành" → "Đông Thành"; undefined for another name. */
export function unitNameOf(committee: string): string | undefined {
  const m = /^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(?:tỉnh|thành phố|phường|xã|thị trấn|đặc khu)\s+(.+)$/iu.exec(
    committee.normalize('NFC').trim(),
  );
  if (!m) return undefined;
  // A unit named after a person keeps its kind in the name (Decree 30/2020): "Thành phố Hồ Chí Minh".
  return m[1] === 'Hồ Chí Minh' ? 'Thành phố Hồ Chí Minh' : m[1];
}
