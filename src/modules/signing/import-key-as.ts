import type pg from 'pg';
import { AppError, type FieldProblem } from '../../errors.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { authorize } from '../accounts/policy.ts';
import { findStaff } from '../accounts/staff.repository.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import type { AtRestKey } from './at-rest.ts';
import { importSigningKey } from './import-key.ts';
import type { KeyHolder, SigningKeyInfo } from './issue-key.ts';
import { signingKeyPolicy } from './signing.policy.ts';
import type { TrustList } from './trust-list.ts';

/** What the import form sent: the holder chosen ("officer:<staff id>" or "organisation:<agency id>"), the file, its password. */
export interface KeyImportInput {
  holder: string;
  file: { name: string; bytes: Buffer } | null;
  password: string;
  /** The file's own problem found while reading the form (too large, empty). */
  fileProblems: FieldProblem[];
}

/** The form value of a holder choice. */
export const holderChoice = (kind: KeyHolder['kind'], id: number) => `${kind}:${id}`;

/** The holder a choice names, or a problem on the `holder` field. An officer's key belongs to the agency that employs them. */
export async function holderOf(pool: pg.Pool, index: AgencyIndex, choice: string): Promise<KeyHolder | FieldProblem> {
  const m = /^(officer|organisation):(\d{1,12})$/.exec(choice);
  const id = Number(m?.[2]);
  if (m?.[1] === 'organisation' && index.has(id) && index.homeOf(id) === id)
    return { kind: 'organisation', agencyId: id, agencyName: index.nameOf(id) };
  if (m?.[1] === 'officer') {
    const staff = await findStaff(pool, id);
    const employer = staff?.agencyId ?? staff?.grants[0]?.agencyId;
    if (staff && employer === undefined)
      return { field: 'holder', message: `Cán bộ ${staff.fullName} chưa thuộc cơ quan nào: hãy giao vai trò cho cán bộ trước.` };
    if (staff && employer !== undefined && index.has(employer)) {
      const agencyId = index.homeOf(employer);
      return { kind: 'officer', staffId: staff.id, fullName: staff.fullName, agencyId, agencyName: index.nameOf(agencyId) };
    }
  }
  return { field: 'holder', message: 'Chọn cán bộ hoặc con dấu của cơ quan được cấp chứng thư số.' };
}

/**
 * An admin imports a PKCS#12 file for an officer or an agency's seal: every problem of the form at
 * once, then the file itself checked by importSigningKey (which stores it sealed and audits it, the
 * admin named with the grant that allowed it). forbidden when the holder's agency is beyond the
 * admin's reach; a certificate already imported is a problem on the file.
 */
export async function importKeyAs(
  pool: pg.Pool,
  key: AtRestKey,
  actor: StaffActor,
  index: AgencyIndex,
  input: KeyImportInput,
  trust: TrustList,
): Promise<SigningKeyInfo> {
  const problems: FieldProblem[] = [];
  const holder = await holderOf(pool, index, input.holder);
  if ('field' in holder) problems.push(holder);
  const grant = 'field' in holder ? null : authorize(actor, signingKeyPolicy, 'import', { agencyId: holder.agencyId }, index);
  if (!('field' in holder) && !grant)
    throw new AppError('forbidden', `signing key import for agency ${holder.agencyId} by ${actor.username}`, {
      userMessage: 'Bạn chỉ được nhập chứng thư số cho cán bộ và con dấu của cơ quan mình.',
    });
  problems.push(...input.fileProblems);
  if (!input.file && input.fileProblems.length === 0)
    problems.push({ field: 'pkcs12', message: 'Chọn tệp khóa PKCS#12 (.p12 hoặc .pfx) do tổ chức cung cấp dịch vụ chứng thực gửi.' });
  if (problems.length || 'field' in holder || !input.file)
    throw new AppError('validation_failed', 'signing key import rejected', { problems });
  try {
    return await importSigningKey(
      pool,
      key,
      holder,
      { pkcs12: input.file.bytes, password: input.password },
      auditActorOf(actor, grant),
      trust,
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict')
      throw new AppError('validation_failed', err.message, { problems: [{ field: 'pkcs12', message: err.userMessage }] });
    throw err;
  }
}
