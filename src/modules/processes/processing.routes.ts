import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendEntry, sendHtml } from '../../web/reply.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { csrfFor, requireStaff } from '../accounts/session-plugin.ts';
import { agencyIndexOf } from '../agencies/agency-index.ts';
import { calendarOf } from '../dossiers/due-date.ts';
import { readableDossier, sendDossierPage } from '../dossiers/dossier-view.routes.ts';
import { actOnDossier, type WorkRules } from './act-on-dossier.ts';
import { workRules } from './work-rules.ts';
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
          return sendDossierPage(deps, request, reply, r, { processingProblems: problems, status: err.status });
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
        if (!actor) return reply;
        const index = await agencyIndexOf(deps);
        const grants = actor.roles.map((g) => ({ role: g.role, agencies: agenciesFor(index, g.agencyId) }));
        const now = new Date();
        const { q, trang } = request.query;
        // Searches are not kept; the plain inbox, opened again and again all day, is.
        const kept = q.trim() === '' ? { mark: await inboxes.mark(pool, now), key: inboxKey(request, reply, actor, grants, trang) } : null;
        const hit = kept && inboxes.get(kept.mark, kept.key);
        if (hit) return sendEntry(request, reply, hit, privatePage);
        const { rows, counts } = await listInbox(pool, actor.staffId, grants, q.trim(), {
          limit: inboxPageSize,
          offset: (trang - 1) * inboxPageSize,
          now,
        });
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        const page = inboxPage({
          user: pageUserOf(request, reply, actor),
          rows,
          counts,
          staffId: actor.staffId,
          q,
          now,
          page: trang,
          pages: Math.max(1, Math.ceil(total / inboxPageSize)),
        });
        if (kept) return sendEntry(request, reply, inboxes.put(kept.mark, kept.key, page), privatePage);
        return sendHtml(request, reply, page);
      },
    );
  };
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
