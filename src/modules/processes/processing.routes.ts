import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendEntry, sendHtml } from '../../web/reply.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { csrfFor, requireStaff } from '../accounts/session-plugin.ts';
import { agencyIndexOf, type AgencyIndex } from '../agencies/agency-index.ts';
import type { Role } from '../accounts/roles.ts';
import { calendarOf } from '../dossiers/due-date.ts';
import { readableDossier, sendDossierPage } from '../dossiers/dossier-view.routes.ts';
import { actOnDossier, type WorkRules } from './act-on-dossier.ts';
import { workRules } from './work-rules.ts';
import { assignablePeople, assignMany, type AssignmentReport } from './assign-many.ts';
import { InboxCache } from './inbox-cache.ts';
import { inboxPage } from './inbox.page.tsx';
import { resolveOnTheSpot } from './resolve-on-the-spot.ts';
import { agenciesFor } from './work-actor.ts';
import type { WorkAction } from './workflow.ts';
import { listInbox } from './workflow.repository.ts';

const actionBody = z
  .object({
    revision: z.coerce.number().int().min(1),
    kind: z.enum([
      'start',
      'claim',
      'assign',
      'complete',
      'send_back',
      'request_supplement',
      'supplement_received',
      'refuse',
      'stop',
      'return_result',
      'consult',
      'answer_consultation',
      'finish_task',
      'extend',
      'correct',
    ]),
    outcome: z.enum(['done', 'approved', 'refused']).optional(),
    to: z.string().max(40).optional(),
    assignee: z.coerce.number().int().positive().optional(),
    agency: z.string().max(40).optional(),
    days: z.coerce.number().int().optional(),
    index: z.coerce.number().int().min(0).max(100).optional(),
    until: z.string().max(20).optional(),
    how: z.enum(['counter', 'post', 'online']).optional(),
    receiver: z.string().max(200).optional(),
    identification: z.enum(['receipt', 'id_document', 'authorisation']).optional(),
    tracking: z.string().max(60).optional(),
  })
  .catchall(z.string().max(5000));

/** The processing actions on the dossier page, and each officer's inbox. */
export function processingRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    const rules = async (): Promise<WorkRules> => workRules(pool, await calendarOf(deps));

    app.post(
      '/ho-so/:code/xu-ly',
      { schema: { hide: true, params: z.object({ code: z.string().max(60) }), body: actionBody } },
      async (request, reply) => {
        const actor = requireStaff(request, reply);
        if (!actor) return reply;
        const b = request.body;
        // The text of the form that was posted (each action's form has one text field of its own).
        const text = Object.entries(b).find(([k]) => k.startsWith('text-'))?.[1];
        const lines = (typeof text === 'string' ? text : '')
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean)
          .slice(0, 50);
        const action = actionOf(b, lines);
        if (!action)
          throw new AppError('bad_request', `incomplete ${b.kind}`, { userMessage: 'Thao tác thiếu thông tin; hãy tải lại trang.' });
        try {
          await actOnDossier(
            pool,
            actor,
            await agencyIndexOf(deps),
            { code: request.params.code, revision: b.revision, action, comment: lines.join('\n') },
            await rules(),
            request.ip,
          );
        } catch (err) {
          if (!(err instanceof AppError) || (err.code !== 'validation_failed' && err.code !== 'conflict')) throw err;
          const r = await readableDossier(deps, request, reply, request.params.code);
          if (!r) return reply;
          const problems = err.problems.length ? err.problems : [{ field: 'action', message: err.userMessage }];
          return sendDossierPage(deps, request, reply, r, { processingProblems: problems, processingTyped: b, status: err.status });
        }
        return reply.redirect(`/ho-so/${encodeURIComponent(request.params.code)}`, 303);
      },
    );

    app.post('/ho-so/:code/tai-cho', { schema: { hide: true, params: z.object({ code: z.string().max(60) }) } }, async (request, reply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return reply;
      await resolveOnTheSpot(pool, actor, await agencyIndexOf(deps), request.params.code, await rules(), request.ip);
      return reply.redirect(`/ho-so/${encodeURIComponent(request.params.code)}`, 303);
    });

    const inboxPageSize = 50;
    const inboxes = new InboxCache();
    /** A person's page: the session's form token is on it, and what it lists follows from the grants. */
    const inboxKey = (request: FastifyRequest, reply: FastifyReply, actor: StaffActor, grants: unknown, page: number) =>
      `${actor.staffId}|${csrfFor(request, reply)}|${JSON.stringify(grants)}|${page}`;
    const privatePage = 'private, no-cache';
    /** The inbox page: kept while nothing it lists changes, unless it reports an assignment just made. */
    const showInbox = async (
      request: FastifyRequest,
      reply: FastifyReply,
      actor: StaffActor,
      v: { q: string; trang: number; report?: AssignmentReport },
    ) => {
      const index = await agencyIndexOf(deps);
      const grants = inboxGrants(actor, index);
      const now = new Date();
      const q = v.q.trim();
      // Searches are not kept; the plain inbox, opened again and again all day, is.
      const kept =
        q === '' && !v.report ? { mark: await inboxes.mark(pool, now), key: inboxKey(request, reply, actor, grants, v.trang) } : null;
      const render = async () => {
        const [{ rows, counts }, assignees] = await Promise.all([
          listInbox(pool, actor.staffId, grants, q, { limit: inboxPageSize, offset: (v.trang - 1) * inboxPageSize, now }),
          assignablePeople(pool, actor, index),
        ]);
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        return inboxPage({
          user: pageUserOf(request, reply, actor),
          rows,
          counts,
          staffId: actor.staffId,
          q: v.q,
          now,
          page: v.trang,
          pages: Math.max(1, Math.ceil(total / inboxPageSize)),
          assignees,
          report: v.report,
        });
      };
      if (kept) return sendEntry(request, reply, await inboxes.getOrBuild(kept.mark, kept.key, render), privatePage);
      const page = await render();
      // An assignment that handed over nothing is refused as a whole; a partial one reports what it left.
      return sendHtml(request, reply, page, v.report && v.report.done.length === 0 ? 400 : 200);
    };

    app.get(
      '/hop-thu',
      {
        schema: {
          hide: true,
          querystring: z.object({ q: z.string().max(100).default(''), trang: z.coerce.number().int().min(1).max(1000).default(1) }),
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request, reply);
        return actor ? showInbox(request, reply, actor, request.query) : reply;
      },
    );

    app.post(
      '/hop-thu/phan-cong',
      {
        schema: {
          hide: true,
          body: z.object({
            // "code@revision" of each dossier ticked, as the inbox showed it.
            ho_so: z
              .union([z.string(), z.array(z.string())])
              .default([])
              .transform((x) => (Array.isArray(x) ? x : [x])),
            // Empty when nobody was chosen ("Chọn cán bộ").
            assignee: z.union([z.literal(''), z.coerce.number().int().min(1)]).default(''),
          }),
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request, reply);
        if (!actor) return reply;
        const picks = request.body.ho_so.slice(0, 200).flatMap((x) => {
          const m = /^(.{1,60})@(\d{1,9})$/.exec(x);
          return m ? [{ code: m[1]!, revision: Number(m[2]) }] : [];
        });
        const index = await agencyIndexOf(deps);
        const people = await assignablePeople(pool, actor, index);
        const again = (problem: string) =>
          showInbox(request, reply, actor, { q: '', trang: 1, report: { problem, assigneeName: '', done: [], refused: [] } });
        if (people.length === 0)
          throw new AppError('forbidden', `${actor.staffId} leads no unit`, { userMessage: 'Bạn không phân công được hồ sơ.' });
        if (request.body.assignee === '') return again('Chưa chọn cán bộ được giao: chọn một người rồi bấm «Phân công».');
        const assignee = people.find((p) => p.id === request.body.assignee);
        if (!assignee)
          throw new AppError('forbidden', `${actor.staffId} cannot assign to ${request.body.assignee}`, {
            userMessage: 'Bạn không phân công được cho người này.',
          });
        if (picks.length === 0) return again('Chưa chọn hồ sơ nào để phân công: đánh dấu các hồ sơ cần giao rồi bấm «Phân công».');
        const report = await assignMany(pool, actor, index, picks, assignee, await rules(), request.ip);
        return showInbox(request, reply, actor, { q: '', trang: 1, report });
      },
    );
  };
}

/** Step roles a unit's leader oversees: the unclaimed steps of their units are in their inbox, to claim or hand out. */
const overseenRoles: readonly Role[] = ['desk_officer', 'specialist', 'unit_head', 'agency_leader', 'clerk'];

/** The (role, agencies) pairs whose steps a person's inbox lists: their own roles, and under a leader's grant every step role. */
function inboxGrants(actor: StaffActor, index: AgencyIndex): Array<{ role: string; agencies: number[] }> {
  const pairs = new Map<string, { role: string; agencies: number[] }>();
  for (const g of actor.roles) {
    const own = agenciesFor(index, g.agencyId);
    pairs.set(`${g.role}|${own.join(',')}`, { role: g.role, agencies: own });
    if (g.role !== 'unit_head' && g.role !== 'agency_leader') continue;
    // What they lead: their unit (or agency) and what is below it, never the department above.
    const led = index.subtreeOf(g.agencyId);
    for (const role of overseenRoles) pairs.set(`${role}|${led.join(',')}`, { role, agencies: led });
  }
  return [...pairs.values()];
}

/** The action a posted form asks for, or null when a field it needs is missing; `lines` is its text, line by line. */
function actionOf(b: z.infer<typeof actionBody>, lines: string[]): WorkAction | null {
  const text = lines.join('\n');
  switch (b.kind) {
    case 'complete':
      return b.outcome ? { kind: 'complete', outcome: b.outcome } : null;
    case 'send_back':
      return b.to ? { kind: 'send_back', to: b.to } : null;
    case 'assign':
      return b.assignee ? { kind: 'assign', to: b.assignee, toName: '' } : null;
    case 'request_supplement':
    case 'refuse':
      return { kind: b.kind, reasons: lines };
    case 'stop':
      return { kind: 'stop', reason: text };
    case 'correct':
      return { kind: 'correct', reason: text };
    case 'return_result':
      return b.how
        ? {
            kind: 'return_result',
            handover: {
              how: b.how,
              ...(b.receiver ? { receiver: b.receiver.trim() } : {}),
              ...(b.identification ? { identification: b.identification } : {}),
              ...(b.tracking ? { tracking: b.tracking.trim() } : {}),
            },
          }
        : { kind: 'return_result' };
    case 'consult':
      return { kind: 'consult', agency: (b.agency ?? '').trim(), question: text, days: b.days ?? 0 };
    case 'answer_consultation':
      return b.index === undefined ? null : { kind: 'answer_consultation', index: b.index, answer: text };
    case 'finish_task':
      return b.index === undefined ? null : { kind: 'finish_task', index: b.index, result: text };
    case 'extend': {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((b.until ?? '').trim());
      return { kind: 'extend', reason: text, until: m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : (b.until ?? '') };
    }
    default:
      return { kind: b.kind };
  }
}
