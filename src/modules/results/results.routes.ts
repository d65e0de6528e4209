import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { sendHtml } from '../../web/reply.ts';
import { findProcedureView } from '../catalog/catalog.repository.ts';
import { placeNameOf } from '../agencies/place-name.ts';
import { readableDossier, type ReadableDossier } from '../dossiers/dossier-view.routes.ts';
import { openStored } from '../files/read-file.ts';
import { filesDirOf, readMultipartForm } from '../files/receive-uploads.ts';
import type { ResultDocument } from './result-document.ts';
import * as pages from './results.pages.tsx';
import * as repo from './results.repository.ts';
import { issueResult } from './issue-result.ts';
import { defaultDocument, draftRefusal, mustDraft, saveDraft } from './save-draft.ts';
import { issuingRefusal, signingRefusal } from './result-rules.ts';
import { loadResultStage } from './result-stage.ts';
import { grantFor, signResult, type SigningDeps } from './sign-result.ts';
import { peopleHolding } from '../processes/workflow.repository.ts';
import { atRestKey } from '../signing/signing.ts';

const codeParams = z.object({ code: z.string().max(60) });

/** /ho-so/:code/ket-qua: the staff's result drafts of a dossier. */
export function resultRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;
    const filesDir = filesDirOf(deps.config.dataDir);

    /** The document the form starts from: the last draft's fields, else the template filled from the dossier. */
    const startingDocument = async (r: ReadableDossier, drafts: repo.DraftRow[]): Promise<ResultDocument> => {
      const last = drafts.find((d) => d.content)?.content;
      if (last) return last;
      const view = await findProcedureView(pool, r.dossier.procedureCode);
      if (!view) throw new AppError('not_found', `procedure ${r.dossier.procedureCode}`);
      // The agency competent for the dossier issues it: the one whose step it is at (else the one that received it).
      const issuing = r.index.homeOf(r.dossier.stepAgencyId ?? r.dossier.receivingAgencyId);
      const parent = r.index.pathOf(issuing).slice(-2, -1)[0];
      const leaders = await peopleHolding(pool, 'agency_leader', [issuing]);
      return defaultDocument(
        r.dossier,
        view.procedure,
        {
          name: r.index.nameOf(issuing),
          parent: parent ? r.index.nameOf(parent) : '',
          leaderName: leaders.length === 1 ? leaders[0]!.name : '',
        },
        // Where the issuing agency sits; when the tree cannot tell, the drafter types it (the field is required).
        placeNameOf(r.index, issuing) ?? '',
      );
    };

    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      r: ReadableDossier,
      problems: FieldProblem[],
      doc?: ResultDocument,
      done?: pages.DoneNotice,
    ) => {
      const [drafts, issued, stage] = await Promise.all([
        repo.listDrafts(pool, r.dossier.id),
        repo.listIssuedResults(pool, r.dossier.id),
        loadResultStage(pool, r.dossier),
      ]);
      // Each offers only what this person can do now: the leader signs at the approval step, the clerk issues at the issuing one.
      const may = (role: 'agency_leader' | 'clerk', refusal: string | null) =>
        refusal === null && grantFor(r.actor, r.index, r.dossier, role) !== null;
      const page = pages.draftsPage({
        user: r.user,
        code: r.dossier.code,
        issued,
        drafts,
        canSign: may('agency_leader', signingRefusal(stage)),
        canIssue: may('clerk', issuingRefusal(stage)),
        draftRefusal: draftRefusal(r.actor, r.index, r.dossier),
        doc: doc ?? (await startingDocument(r, drafts)),
        problems,
        ...(done ? { done } : {}),
      });
      return sendHtml(request, reply, page, problems.length ? 400 : 200);
    };

    app.get(
      '/ho-so/:code/ket-qua',
      {
        schema: {
          hide: true,
          params: codeParams,
          querystring: z.object({
            da_luu: z.coerce.number().int().optional(),
            da_ky: z.coerce.number().int().optional(),
            da_phat_hanh: z.string().max(1).optional(),
          }),
        },
      },
      async (request, reply) => {
        const r = await readableDossier(deps, request, reply, request.params.code);
        if (!r) return reply;
        const q = request.query;
        const done: pages.DoneNotice | undefined =
          q.da_luu !== undefined
            ? { saved: q.da_luu }
            : q.da_ky !== undefined
              ? { signed: q.da_ky }
              : q.da_phat_hanh !== undefined
                ? { issued: true }
                : undefined;
        return show(request, reply, r, [], undefined, done);
      },
    );

    app.post(
      '/ho-so/:code/ket-qua',
      { config: { acceptsFiles: true }, schema: { hide: true, params: codeParams } },
      async (request, reply) => {
        const r = await readableDossier(deps, request, reply, request.params.code);
        if (!r) return reply;
        // Refused before the form is read: an upload of someone who may not draft is never stored.
        mustDraft(r.actor, r.index, r.dossier);
        const form = await readMultipartForm(request, pool, filesDir, { kind: 'staff', id: r.actor.staffId });
        const one = (k: string) => form.fields[k]?.[0] ?? '';
        const lines = (k: string) =>
          one(k)
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean);
        const doc = {
          kind: one('kind') || 'decision',
          parentAgency: one('parentAgency'),
          agency: one('agency'),
          notation: one('notation'),
          place: one('place'),
          title: one('title'),
          subject: one('subject'),
          body: lines('body'),
          recipients: lines('recipients'),
          signerCapacity: one('signerCapacity'),
          signerTitle: one('signerTitle'),
          signerName: one('signerName'),
        } as ResultDocument;
        if (form.problems.length) return show(request, reply, r, form.problems, doc);
        try {
          const upload = form.files.file?.[0] ?? null;
          const version = await saveDraft(
            pool,
            r.actor,
            r.index,
            filesDir,
            r.dossier,
            { content: doc, upload, comment: one('comment') },
            request.ip,
          );
          return reply.redirect(`/ho-so/${encodeURIComponent(r.dossier.code)}/ket-qua?da_luu=${version}`, 303);
        } catch (err) {
          if (!(err instanceof AppError) || !['validation_failed', 'conflict', 'unsupported_media_type'].includes(err.code)) throw err;
          return show(request, reply, r, err.problems.length ? err.problems : [{ field: 'file', message: err.userMessage }], doc);
        }
      },
    );

    const signing = (): SigningDeps => ({
      pool,
      filesDir,
      key: atRestKey(deps.config.signing.keySecret),
      publicUrl: deps.config.publicUrl,
      demo: deps.config.demo,
    });
    /** A refusal shown on the drafts page (the page again, with the reason), anything else thrown on. */
    const refused = async (request: FastifyRequest, reply: FastifyReply, r: ReadableDossier, err: unknown) => {
      if (!(err instanceof AppError) || !['validation_failed', 'conflict', 'forbidden'].includes(err.code)) throw err;
      const problems = err.problems.length ? err.problems : [{ field: 'sign', message: err.userMessage }];
      return show(request, reply, r, problems);
    };

    app.post(
      '/ho-so/:code/ket-qua/du-thao/:version/ky',
      { schema: { hide: true, params: codeParams.extend({ version: z.coerce.number().int().min(1).max(100_000) }) } },
      async (request, reply) => {
        const r = await readableDossier(deps, request, reply, request.params.code);
        if (!r) return reply;
        try {
          await signResult(signing(), r.actor, r.index, r.dossier, request.params.version, request.ip);
        } catch (err) {
          return refused(request, reply, r, err);
        }
        return reply.redirect(`/ho-so/${encodeURIComponent(r.dossier.code)}/ket-qua?da_ky=${request.params.version}`, 303);
      },
    );

    app.post('/ho-so/:code/ket-qua/phat-hanh', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const r = await readableDossier(deps, request, reply, request.params.code);
      if (!r) return reply;
      const view = await findProcedureView(pool, r.dossier.procedureCode);
      if (!view) throw new AppError('not_found', `procedure ${r.dossier.procedureCode}`);
      try {
        await issueResult(signing(), r.actor, r.index, r.dossier, view.procedure, request.ip);
      } catch (err) {
        return refused(request, reply, r, err);
      }
      return reply.redirect(`/ho-so/${encodeURIComponent(r.dossier.code)}/ket-qua?da_phat_hanh=1`, 303);
    });

    app.get(
      '/ho-so/:code/ket-qua/du-thao/:version.pdf',
      { schema: { hide: true, params: codeParams.extend({ version: z.coerce.number().int().min(1).max(100_000) }) } },
      async (request, reply) => {
        const r = await readableDossier(deps, request, reply, request.params.code);
        if (!r) return reply;
        const draft = await repo.findDraft(pool, r.dossier.id, request.params.version);
        if (!draft)
          throw new AppError('not_found', `draft ${request.params.version} of ${r.dossier.code}`, {
            userMessage: 'Không có bản dự thảo này.',
          });
        const { stream, size } = await openStored(filesDir, draft.sha256);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-length', size)
          .header('cache-control', 'no-store')
          .header('content-disposition', `inline; filename="du-thao-${draft.version}.pdf"`)
          .send(stream);
      },
    );
  };
}
