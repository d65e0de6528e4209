import { procedureSchema, type Procedure } from './procedure.schema.ts';
import { parseChannels } from './parse/channels.ts';
import { parseComponents } from './parse/components.ts';
import { parseLegalBasis } from './parse/legal-basis.ts';
import { parseResults } from './parse/results.ts';
import { parseLevels, parseLines, parseOnlineLevel, parseRelatedProcedures, parseSubjects } from './parse/simple.ts';
import { clean, clip, valueOrEmpty, withoutInvisibles, type Leftover } from './parse/text.ts';

/**
 * Turns one record exported from the National Public Service Portal
 * (/work/shared/data/procedures/<ministry>/<code>.json) into a `Procedure`.
 * Pure: no I/O, never throws.
 */

export interface UnparsedField {
  /** The record's key, e.g. 'cach_thuc_thuc_hien'. */
  field: string;
  /** Why the text was not placed (English, short). */
  reason: string;
  /** The part not understood, cut to 300 characters. */
  text: string;
}

export type ParseOutcome =
  { ok: true; procedure: Procedure; unparsed: UnparsedField[] } | { ok: false; reason: string; code: string | null };

const CODE_PATTERN = /^[0-9]+\.[0-9]{6}(\.[0-9A-Z.]+)?$/;

export function parseRecord(record: unknown): ParseOutcome {
  try {
    return parse(record);
  } catch (err) {
    // The parsers are total on strings; this is a last guard so callers never see a throw.
    const code = isRecord(record) && typeof record.ma_thu_tuc === 'string' ? clean(record.ma_thu_tuc) : null;
    return { ok: false, reason: `parser error: ${err instanceof Error ? err.message : String(err)}`, code };
  }
}

function parse(record: unknown): ParseOutcome {
  if (!isRecord(record)) return { ok: false, reason: 'record is not an object', code: null };
  const rawCode = record.ma_thu_tuc;
  const code = typeof rawCode === 'string' ? clean(withoutInvisibles(rawCode)) : '';
  if (code === '') return { ok: false, reason: 'missing procedure code', code: null };
  if (!CODE_PATTERN.test(code)) return { ok: false, reason: 'malformed procedure code', code };
  const name = typeof record.ten_thu_tuc === 'string' ? clean(withoutInvisibles(record.ten_thu_tuc)) : '';
  if (name === '') return { ok: false, reason: 'missing procedure name', code };

  const unparsed: UnparsedField[] = [];
  const text = (field: string): string => {
    const value = record[field];
    if (typeof value === 'string') return withoutInvisibles(value);
    if (value !== undefined && value !== null) {
      unparsed.push({ field, reason: 'not a string', text: clip(safeJson(value)) });
    }
    return '';
  };
  const note = (field: string, leftovers: Leftover[]): void => {
    for (const l of leftovers) unparsed.push({ field, reason: l.reason, text: clip(l.text) });
  };

  const levels = parseLevels(text('cap_thuc_hien'));
  note('cap_thuc_hien', levels.leftovers);
  const channels = parseChannels(text('cach_thuc_thuc_hien'));
  note('cach_thuc_thuc_hien', channels.leftovers);
  const components = parseComponents(text('thanh_phan_ho_so'));
  note('thanh_phan_ho_so', components.leftovers);
  const legal = parseLegalBasis(text('can_cu_phap_ly'));
  note('can_cu_phap_ly', legal.leftovers);
  const results = parseResults(text('ket_qua_xu_ly'));
  note('ket_qua_xu_ly', results.leftovers);

  const procedure: Procedure = {
    code,
    name,
    decisionNumber: valueOrEmpty(text('so_quyet_dinh')),
    levels: levels.levels,
    type: valueOrEmpty(text('loai_thu_tuc')),
    field: valueOrEmpty(text('linh_vuc')),
    subjects: parseSubjects(text('doi_tuong_thuc_hien')),
    competentAgency: valueOrEmpty(text('co_quan_co_tham_quyen')),
    receivingAddress: valueOrEmpty(text('dia_chi_tiep_nhan')),
    delegatedAgency: valueOrEmpty(text('co_quan_duoc_uy_quyen')),
    coordinatingAgency: valueOrEmpty(text('co_quan_phoi_hop')),
    implementingAgency: valueOrEmpty(text('co_quan_thuc_hien')),
    relatedProcedures: parseRelatedProcedures(text('thu_tuc_lien_quan')),
    steps: parseLines(text('trinh_tu_thuc_hien')),
    channels: channels.channels,
    components: components.components,
    legalBasis: legal.legalBasis,
    conditions: parseLines(text('yeu_cau_dieu_kien')),
    results: results.results,
    onlineLevel: parseOnlineLevel(text('raw_text')),
    sourceUrl: clean(text('detail_url')),
  };

  const checked = procedureSchema.safeParse(procedure);
  if (!checked.success) {
    // Should not happen; reported rather than thrown so one bad record does not stop an import.
    return { ok: false, reason: `structure invalid: ${checked.error.issues[0]?.message ?? 'unknown'}`, code };
  }
  return { ok: true, procedure: checked.data, unparsed };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
