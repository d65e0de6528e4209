import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { sendHtml } from '../../web/reply.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { authorize } from '../accounts/policy.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { agencyIndexOf } from '../agencies/agency-index.ts';
import { appendAuditNow } from '../audit/append-audit.ts';
import { findFormVersion } from '../forms/forms.repository.ts';
import { processingView } from '../processes/processing-view.ts';
import { agenciesFor } from '../processes/work-actor.ts';
import { dossierPage } from './dossier.page.tsx';
import { calendarOf } from './due-date.ts';
import { dossierPolicy } from './dossiers.policy.ts';
import * as repo from './dossiers.repository.ts';

/**
 * The staff dossier page, shared by the routes that show it again after an
 * action was refused. Who may read: the policy (the receiving agency's staff,
 * inspectors), and whoever handles or could handle its current step in
 * another agency (a joint or provincial step). Each read of the applicant's
 * personal data is audited.
 */
export async function readableDossier(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, code: string) {
  const actor = requireStaff(request, reply);
  if (!actor) return null;
  const index = await agencyIndexOf(deps);
  const dossier = await repo.findDossierByCode(deps.pool, code);
  if (!dossier) throw new AppError('not_found', `dossier ${code}`, { userMessage: 'Không tìm thấy hồ sơ có mã này.' });
  const actions = await repo.listActions(deps.pool, dossier.id);
  const grant =
    authorize(actor, dossierPolicy, 'view', { agencyId: dossier.receivingAgencyId }, index) ??
    // Whoever handles, handled or could take its current step, or must answer for it (another agency's opinion, a joint task), reads it.
    (dossier.assigneeId === actor.staffId || actions.some((a) => a.actorKind === 'staff' && a.actorId === actor.staffId)
      ? (actor.roles[0] ?? null)
      : (actor.roles.find((g) =>
          [dossier.stepAgencyId, ...dossier.waitingAgencyIds].some((a) => a !== null && agenciesFor(index, a).includes(g.agencyId)),
        ) ?? null));
  if (!grant) throw new AppError('forbidden', `no view of dossier ${code}`);
  await appendAuditNow(deps.pool, {
    actor: auditActorOf(actor, grant),
    action: 'personal_data_read',
    subjectType: 'dossier',
    subjectId: dossier.code,
    agencyId: dossier.receivingAgencyId,
    ip: request.ip,
  });
  return { actor, index, dossier, actions, user: pageUserOf(request, reply, actor) };
}

export type ReadableDossier = NonNullable<Awaited<ReturnType<typeof readableDossier>>>;

/** The dossier page; an online dossier still waiting carries the desk's decision form for those who may receive. */
export async function sendDossierPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  r: ReadableDossier,
  extra: {
    decide?: { problems: FieldProblem[]; reasons: string };
    processingProblems?: FieldProblem[];
    /** The refused processing action's form, to show again as it was filled. */
    processingTyped?: Record<string, unknown>;
    status?: number;
  } = {},
) {
  const canDecide =
    r.dossier.status === 'new' && authorize(r.actor, dossierPolicy, 'receive', { agencyId: r.dossier.receivingAgencyId }, r.index) !== null;
  const [processing, form] = await Promise.all([
    processingView(deps.pool, r.actor, r.index, r.dossier.code, { calendar: () => calendarOf(deps) }),
    r.dossier.formVersion === null ? undefined : findFormVersion(deps.pool, r.dossier.procedureCode, r.dossier.formVersion),
  ]);
  const decide = extra.decide ?? { problems: [], reasons: '' };
  const page = dossierPage({
    user: r.user,
    d: r.dossier,
    actions: r.actions,
    decide: canDecide ? decide : undefined,
    form: form?.definition,
    processing: processing ? { view: processing, problems: extra.processingProblems ?? [], typed: extra.processingTyped ?? {} } : undefined,
  });
  const status = extra.status ?? (decide.problems.length || extra.processingProblems?.length ? 400 : 200);
  return sendHtml(request, reply, page, status);
}
