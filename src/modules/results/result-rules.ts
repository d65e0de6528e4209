import type { Role } from '../accounts/roles.ts';
import type { ProcessDefinition } from '../processes/process-definition.ts';
import type { WorkAction, WorkState } from '../processes/workflow.ts';

/**
 * The rules of a dossier's result, pure: when the leader signs and the clerk
 * issues (the process step), which signed version may be issued (the newest,
 * once), and which signing key a holder signs with.
 */

/** Where a dossier stands as signing and issuing read it. */
export interface ResultStage {
  /** The role responsible for the step the dossier is at; null when at no step. */
  stepRole: Role | null;
  /** Processing finished (status 9) with the result granted: not refused, nor ended by a "not approved". */
  finishedApproved: boolean;
  /** The process has a step the clerk is responsible for (the issuing step). */
  clerkStep: boolean;
}

/** The stage of a dossier following `def`, whose log replays to `state` and whose last processing action was `lastWork`. */
export function stageOf(def: ProcessDefinition, state: WorkState, lastWork: WorkAction | undefined): ResultStage {
  const step = state.step === null ? undefined : def.steps.find((s) => s.id === state.step);
  const endedRefused = lastWork?.kind === 'complete' && lastWork.outcome === 'refused';
  return {
    stepRole: step?.responsible.role ?? null,
    finishedApproved: state.status === 'processed' && !state.refused && !endedRefused,
    clerkStep: def.steps.some((s) => s.responsible.role === 'clerk'),
  };
}

/** Null when the leader may sign now: the dossier is at the approval step (the leader's); otherwise why not. */
export function signingRefusal(stage: ResultStage): string | null {
  return stage.stepRole === 'agency_leader'
    ? null
    : 'Chỉ ký được khi hồ sơ đang ở bước phê duyệt của lãnh đạo; hồ sơ hiện không ở bước này.';
}

/**
 * Null when the clerk may issue now: the dossier is at the clerk's step, or (a
 * process without one) processing finished with approval; otherwise why not.
 */
export function issuingRefusal(stage: ResultStage): string | null {
  return stage.stepRole === 'clerk' || (stage.finishedApproved && !stage.clerkStep)
    ? null
    : 'Chỉ phát hành được khi hồ sơ đã được lãnh đạo phê duyệt và chuyển đến bước phát hành.';
}

interface VersionState {
  version: number;
  signedAt?: Date | null;
  issued: boolean;
}

/** The newest version the leader signed, if any: the only one that can ever be issued. */
export function newestSigned<T extends VersionState>(drafts: T[]): T | undefined {
  return drafts.filter((d) => d.signedAt).sort((a, b) => b.version - a.version)[0];
}

/**
 * The version the clerk may issue: the newest signed, once. An older signed
 * version, replaced by a newer signed one, never is; a result issued is
 * issued again only as a new version, drafted and signed again (a correction).
 */
export function issuableDraft<T extends VersionState>(drafts: T[]): { draft: T } | { refusal: string } {
  const newest = newestSigned(drafts);
  if (!newest) return { refusal: 'Chưa có bản kết quả nào được lãnh đạo ký để phát hành.' };
  if (newest.issued) return { refusal: 'Bản đã ký đã được phát hành; muốn phát hành lại phải soạn và ký bản mới.' };
  return { draft: newest };
}

/** Null when `version` may be signed as far as the other versions go: none newer is signed already. */
export function signingOrderRefusal(drafts: VersionState[], version: number): string | null {
  const newest = newestSigned(drafts);
  return newest && newest.version > version
    ? `Bản ${newest.version} mới hơn đã được ký; bản cũ hơn không ký được nữa (chỉ bản ký mới nhất được phát hành).`
    : null;
}

/** A signing key as the choice reads it; `authorityId` null: imported from a real CA, not the development one. */
export interface KeyCandidate {
  id: number;
  authorityId: number | null;
  revokedAt: Date | null;
  notBefore: Date;
  notAfter: Date;
}

export type KeyProblem = 'revoked' | 'expired' | 'expiring' | 'not_yet_valid' | 'missing';
export type KeyChoice = { use: number } | { issueDevelopmentKey: true } | { refuse: KeyProblem };

/** A key must outlast the signing by an hour (a signature made as its certificate ends is worth little). */
const marginMs = 3600_000;
const usable = (k: KeyCandidate, now: number) => !k.revokedAt && k.notBefore.getTime() <= now && k.notAfter.getTime() > now + marginMs;

/**
 * Which key a holder signs with, from their keys newest first. Once a holder
 * has a key imported from a real CA, only such a key will do: a revoked or
 * expired one is refused, never quietly replaced by a test certificate. A
 * holder without one uses the development CA's keys, a new one when none is
 * usable, and only where development keys are allowed (the demo, with its CA).
 */
export function chooseKey(keys: KeyCandidate[], developmentAuthority: boolean, now: Date): KeyChoice {
  const at = now.getTime();
  const imported = keys.filter((k) => k.authorityId === null);
  // Outside the demo a development key never signs, even one made while the database was a demo.
  const pool = imported.length || !developmentAuthority ? imported : keys;
  const found = pool.find((k) => usable(k, at));
  if (found) return { use: found.id };
  const newest = imported[0];
  if (!newest) return developmentAuthority ? { issueDevelopmentKey: true } : { refuse: 'missing' };
  if (newest.revokedAt) return { refuse: 'revoked' };
  if (newest.notBefore.getTime() > at) return { refuse: 'not_yet_valid' };
  return { refuse: newest.notAfter.getTime() <= at ? 'expired' : 'expiring' };
}

const keyProblems: Record<KeyProblem, string> = {
  revoked: 'đã bị thu hồi',
  expired: 'đã hết hạn',
  expiring: 'sắp hết hạn (còn dưới một giờ)',
  not_yet_valid: 'chưa đến ngày có hiệu lực',
  missing: 'chưa được nhập vào hệ thống',
};

/** Why `holder` (a person's or an agency's name) cannot sign, and what to do, in Vietnamese. */
export function keyRefusalMessage(holder: string, problem: KeyProblem): string {
  return `Chứng thư số của ${holder} ${keyProblems[problem]}; đề nghị quản trị nhập chứng thư mới tại Quản trị › Chữ ký số.`;
}
