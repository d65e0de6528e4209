import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { qrDataUri } from '../../web/qr.ts';
import { sendHtml, sendPdf } from '../../web/reply.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { authorize } from '../accounts/policy.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { agencyIndexOf, type AgencyIndex } from '../agencies/agency-index.ts';
import { procedureViewOf } from '../catalog/procedure-view.ts';
import { filesDirOf, readMultipartForm, type AttachedFile } from '../files/receive-uploads.ts';
import { parseQuery } from '../catalog/search-query.ts';
import { searchProcedures } from '../catalog/search-procedures.ts';
import * as pages from './desk.pages.tsx';
import { readableDossier, sendDossierPage } from './dossier-view.routes.ts';
import { dossierPolicy } from './dossiers.policy.ts';
import * as repo from './dossiers.repository.ts';
import { decideOnline } from './decide-online.ts';
import { forwardingDeadline } from '../calendar/due-date.ts';
import { findProcessFor } from '../processes/processes.repository.ts';
import { calendarOf, dueDateRuleOf } from './due-date.ts';
import { receiveAtCounter, receptionProblems, type CounterReception } from './receive-at-counter.ts';
import { renderSlipPdf } from '../slips/render-pdf.ts';
import { slipContent } from '../slips/slip-content.ts';
import { slipPage } from './slip.page.tsx';
import { slipInputOf } from './dossier-slip.ts';
import { lookupUrlOf } from './lookup.ts';
import { dossierFileParams, sendDossierFile } from './dossier-file.ts';

/** The agencies where this person receives dossiers (the agency of each desk officer role). */
function deskAgencies(actor: StaffActor, index: AgencyIndex): number[] {
  return [
    ...new Set(
      actor.roles
        .filter((g) => authorize(actor, dossierPolicy, 'receive', { agencyId: g.agencyId }, index))
        .map((g) => index.homeOf(g.agencyId)),
    ),
  ];
}

const person = (prefix: string, one: (k: string) => string): repo.Person => {
  const s = (k: string) => one(`${prefix}.${k}`).trim().slice(0, 300);
  return { fullName: s('fullName'), idNumber: s('idNumber'), phone: s('phone'), email: s('email'), address: s('address') };
};

/** The one-stop desk: /tiep-nhan (find a procedure, recent dossiers), the reception form, the dossier and its slip. */
export function deskRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;
    const lookupOf = (code: string) => lookupUrlOf(deps.config.publicUrl, code);

    const desk = async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return null;
      const index = await agencyIndexOf(deps);
      const agencies = deskAgencies(actor, index);
      if (agencies.length === 0)
        throw new AppError('forbidden', 'not a desk officer', { userMessage: 'Bạn chưa được giao vai trò cán bộ một cửa.' });
      return { actor, index, agencies, user: pageUserOf(request, reply, actor) };
    };

    app.get(
      '/tiep-nhan',
      { schema: { hide: true, querystring: z.object({ q: z.string().max(200).optional().default('') }) } },
      async (request, reply) => {
        const d = await desk(request, reply);
        if (!d) return reply;
        const q = request.query.q.trim();
        const hits = q ? (await searchProcedures(pool, deps.pages, parseQuery(q), {}, 1)).hits : [];
        const [dossiers, awaiting, toForward, calendar] = await Promise.all([
          repo.listDossiersOfAgency(pool, d.agencies[0]!),
          repo.listAwaitingAcceptance(pool, d.agencies[0]!),
          repo.listToForward(pool, d.agencies[0]!),
          calendarOf(deps),
        ]);
        // Whether each can go to processing here, or must go on paper (its procedure has no process yet).
        const processes = new Map<string, Promise<boolean>>();
        const hasProcess = (x: repo.DossierRow) => {
          const key = `${x.procedureCode}|${x.receivingAgencyId}`;
          if (!processes.has(key)) processes.set(key, findProcessFor(pool, x.procedureCode, x.receivingAgencyId).then(Boolean));
          return processes.get(key)!;
        };
        const forward = await Promise.all(
          toForward.map(async (x) => ({
            d: x,
            by: forwardingDeadline(x.receivedAt ?? x.createdAt, calendar),
            inSystem: await hasProcess(x),
          })),
        );
        return sendHtml(
          request,
          reply,
          pages.deskPage({
            user: d.user,
            agencyName: d.index.nameOf(d.agencies[0]!),
            dossiers,
            awaiting,
            forward,
            now: new Date(),
            q,
            hits,
          }),
        );
      },
    );

    const codeParams = z.object({ code: z.string().max(60) });
    const form = async (
      request: FastifyRequest,
      reply: FastifyReply,
      code: string,
      values: pages.ReceptionValues,
      problems: FieldProblem[],
      files: Record<string, AttachedFile[]> = {},
    ) => {
      const d = await desk(request, reply);
      if (!d) return reply;
      const view = await procedureViewOf(deps, code);
      if (!view) throw new AppError('not_found', `procedure ${code}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
      const agencies = d.agencies.map((id) => ({ value: String(id), label: d.index.nameOf(id) }));
      return sendHtml(
        request,
        reply,
        pages.receptionFormPage({ user: d.user, procedure: view.procedure, agencies, values, problems, files }),
        problems.length ? 400 : 200,
      );
    };

    app.get('/tiep-nhan/moi/:code', { schema: { hide: true, params: codeParams } }, (request, reply) =>
      form(request, reply, request.params.code, {}, []),
    );

    app.post(
      '/tiep-nhan/moi/:code',
      { config: { acceptsFiles: true }, schema: { hide: true, params: codeParams } },
      async (request, reply) => {
        const d = await desk(request, reply);
        if (!d) return reply;
        const view = await procedureViewOf(deps, request.params.code);
        if (!view)
          throw new AppError('not_found', `procedure ${request.params.code}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
        const {
          fields: b,
          files,
          problems: fileProblems,
        } = await readMultipartForm(request, pool, filesDirOf(deps.config.dataDir), { kind: 'staff', id: d.actor.staffId });
        const one = (k: string) => b[k]?.[0] ?? '';
        const ticked = new Set(b.received ?? []);
        const input: CounterReception = {
          agencyId: Number(one('agencyId') || d.agencies[0]),
          procedureCode: view.procedure.code,
          procedure: view,
          channel: one('channel') === 'post' ? 'post' : 'counter',
          postalTracking: one('postalTracking'),
          applicant: person('applicant', one),
          representative: one('hasRepresentative') === '1' ? person('representative', one) : null,
          resultDelivery: (['counter', 'post', 'online'] as const).find((x) => x === one('resultDelivery')) ?? 'counter',
          received: view.procedure.components.map((_, i) => ticked.has(String(i))),
          files: view.procedure.components.map((_, i) => files[`file-${i}`] ?? []),
          counted: view.procedure.components.map((_, i) => ({ originals: b[`originals-${i}`]?.[0], copies: b[`copies-${i}`]?.[0] })),
          outcome: (['receive', 'request_supplement', 'refuse', 'return_now'] as const).find((x) => x === one('outcome')) ?? 'receive',
          reasons: one('reasons')
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean)
            .slice(0, 50),
        };
        const again = (problems: FieldProblem[]) => form(request, reply, view.procedure.code, b, problems, files);
        // A refused file and the form's own problems are named together, in one summary.
        if (fileProblems.length) return again([...receptionProblems(input, view.procedure.components.length), ...fileProblems]);
        try {
          const r = await receiveAtCounter(pool, d.actor, d.index, input, await dueDateRuleOf(deps), request.ip);
          return reply.redirect(`/ho-so/${r.code}/phieu`, 303);
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          return again(err.problems.length ? err.problems : [{ field: 'applicant.fullName', message: err.userMessage }]);
        }
      },
    );

    const readable = (request: FastifyRequest, reply: FastifyReply, code: string) => readableDossier(deps, request, reply, code);
    app.get('/ho-so/:code', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const r = await readable(request, reply, request.params.code);
      return r ? sendDossierPage(deps, request, reply, r) : reply;
    });

    app.post(
      '/ho-so/:code/tiep-nhan',
      {
        schema: {
          hide: true,
          params: codeParams,
          body: z.object({
            revision: z.coerce.number().int().min(1),
            decision: z.enum(['receive', 'request_supplement', 'refuse']),
            reasons: z.string().max(5000).default(''),
          }),
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request, reply);
        if (!actor) return reply;
        const { revision, decision, reasons } = request.body;
        try {
          await decideOnline(
            pool,
            actor,
            await agencyIndexOf(deps),
            request.params.code,
            revision,
            decision,
            reasons,
            await dueDateRuleOf(deps),
            request.ip,
          );
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          const r = await readable(request, reply, request.params.code);
          return r ? sendDossierPage(deps, request, reply, r, { decide: { problems: err.problems, reasons } }) : reply;
        }
        return reply.redirect(`/ho-so/${request.params.code}/phieu`, 303);
      },
    );

    app.get('/ho-so/:code/phieu', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const r = await readable(request, reply, request.params.code);
      if (!r) return reply;
      const lookupUrl = lookupOf(r.dossier.code);
      const page = slipPage({
        user: r.user,
        slip: await slipInputOf(pool, r.index, r.dossier, r.actions, lookupUrl),
        qr: await qrDataUri(lookupUrl),
      });
      return sendHtml(request, reply, page);
    });

    app.get('/ho-so/:code/tep/:upload', { schema: { hide: true, params: dossierFileParams } }, async (request, reply) => {
      const r = await readable(request, reply, request.params.code);
      return r ? sendDossierFile(filesDirOf(deps.config.dataDir), reply, r.dossier, request.params.upload) : reply;
    });

    app.get('/ho-so/:code/phieu.pdf', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const r = await readable(request, reply, request.params.code);
      if (!r) return reply;
      const slip = await slipInputOf(pool, r.index, r.dossier, r.actions, lookupOf(r.dossier.code));
      return sendPdf(reply, r.dossier.code, await renderSlipPdf(slipContent(slip)));
    });
  };
}
