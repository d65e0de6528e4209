import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendHtml, sendPdf } from '../../web/reply.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { authorize } from '../accounts/policy.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { agencyIndexOf, type AgencyIndex } from '../agencies/agency-index.ts';
import { appendAuditNow } from '../audit/append-audit.ts';
import { readableDossier } from '../dossiers/dossier-view.routes.ts';
import { controlSheetOf } from './load-control-sheet.ts';
import { readPeriod, registerOf } from './load-register.ts';
import { registerPolicy } from './register.policy.ts';
import { renderSheetPdf } from './render-sheet-pdf.ts';
import type { SheetContent } from './sheet-content.ts';
import { registerPage, sheetPage } from './sheet.page.tsx';

const codeParams = z.object({ code: z.string().min(1).max(60) });
const registerQuery = z.object({
  co_quan: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 40)
    .optional(),
  tu: z.string().max(20).default(''),
  den: z.string().max(20).default(''),
});

const sendSheet = async (reply: FastifyReply, content: SheetContent, file: string) => sendPdf(reply, file, await renderSheetPdf(content));

/**
 * The control sheet of a dossier (Mẫu 06) for whoever may read the dossier, and
 * an agency's dossier register (Mẫu 07) for its desk officers and leaders and
 * for inspectors (register.policy.ts); each as a printable page and an A4 PDF.
 */
export function controlSheetRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    const sheet = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
      const r = await readableDossier(deps, request, reply, code);
      if (!r) return null;
      return { r, content: await controlSheetOf(deps, r.index, r.dossier, r.actions, new Date()) };
    };

    app.get('/ho-so/:code/phieu-kiem-soat', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const s = await sheet(request, reply, request.params.code);
      if (!s) return reply;
      const code = encodeURIComponent(s.r.dossier.code);
      const links: Array<[string, string]> = [[`/ho-so/${code}`, 'Về hồ sơ']];
      if (authorize(s.r.actor, registerPolicy, 'view', { agencyId: s.r.dossier.receivingAgencyId }, s.r.index))
        links.push([`/so-theo-doi?co_quan=${s.r.dossier.receivingAgencyId}`, 'Sổ theo dõi hồ sơ (Mẫu 07)']);
      return sendHtml(
        request,
        reply,
        sheetPage({ user: s.r.user, content: s.content, pdfHref: `/ho-so/${code}/phieu-kiem-soat.pdf`, links }),
      );
    });

    app.get('/ho-so/:code/phieu-kiem-soat.pdf', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const s = await sheet(request, reply, request.params.code);
      if (!s) return reply;
      return sendSheet(reply, s.content, `phieu-kiem-soat-${s.r.dossier.code}`);
    });

    /** The agency asked for (or the first this person keeps a register of), its register if they may read it, and the period. */
    const register = async (request: FastifyRequest, reply: FastifyReply, query: z.infer<typeof registerQuery>) => {
      const actor = requireStaff(request, reply);
      if (!actor) return null;
      const index = await agencyIndexOf(deps);
      const agencyId = agencyAsked(actor, index, query.co_quan);
      if (agencyId === undefined || !index.has(agencyId))
        throw new AppError('not_found', `register of agency ${query.co_quan}`, { userMessage: 'Không tìm thấy cơ quan này.' });
      const grant = authorize(actor, registerPolicy, 'view', { agencyId }, index);
      if (!grant)
        throw new AppError('forbidden', `register of ${agencyId} by ${actor.username}`, {
          userMessage: 'Chỉ cán bộ một cửa, lãnh đạo của cơ quan và thanh tra được xem sổ theo dõi hồ sơ của cơ quan.',
        });
      const now = new Date();
      const period = readPeriod(query.tu, query.den, now);
      const content = period.from && period.to ? await registerOf(deps, index, agencyId, { from: period.from, to: period.to }, now) : null;
      // The register names applicants with their addresses and phones: each reading is audited.
      if (content)
        await appendAuditNow(deps.pool, {
          actor: auditActorOf(actor, grant),
          action: 'personal_data_read',
          subjectType: 'dossier_register',
          subjectId: `${agencyId}:${period.from}..${period.to}`,
          agencyId,
          ip: request.ip,
        });
      return { actor, index, agencyId, period, content };
    };

    app.get('/so-theo-doi', { schema: { hide: true, querystring: registerQuery } }, async (request, reply) => {
      const r = await register(request, reply, request.query);
      if (!r) return reply;
      const q = new URLSearchParams({ co_quan: String(r.agencyId), tu: request.query.tu, den: request.query.den });
      const page = registerPage({
        user: pageUserOf(request, reply, r.actor),
        agencyId: r.agencyId,
        agencyName: r.index.nameOf(r.agencyId),
        values: { tu: request.query.tu, den: request.query.den },
        problems: r.period.problems,
        content: r.content,
        pdfHref: `/so-theo-doi.pdf?${q}`,
      });
      return sendHtml(request, reply, page, r.content ? 200 : 400);
    });

    app.get('/so-theo-doi.pdf', { schema: { hide: true, querystring: registerQuery } }, async (request, reply) => {
      const r = await register(request, reply, request.query);
      if (!r) return reply;
      if (!r.content)
        throw new AppError('bad_request', 'register period', { userMessage: r.period.problems.map((p) => p.message).join(' ') });
      return sendSheet(reply, r.content, `so-theo-doi-${r.agencyId}-${r.period.from}-${r.period.to}`);
    });
  };
}

/** The agency given, or the agency of the first role this person may read a register with. */
function agencyAsked(actor: StaffActor, index: AgencyIndex, given: number | undefined): number | undefined {
  if (given !== undefined) return index.homeOf(given);
  return actor.roles
    .map((g) => index.homeOf(g.agencyId))
    .find((agencyId) => authorize(actor, registerPolicy, 'view', { agencyId }, index) !== null);
}
