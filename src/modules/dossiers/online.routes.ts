import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendHtml } from '../../web/reply.ts';
import type { CitizenActor } from '../accounts/actor.ts';
import { citizenPageUser } from '../accounts/page-user.ts';
import { requireCitizen } from '../accounts/session-plugin.ts';
import { maskIdNumber } from '../citizens/citizen-display.ts';
import { filesDirOf, readMultipartForm } from '../files/receive-uploads.ts';
import * as repo from './dossiers.repository.ts';
import { acceptanceRuleOf } from './due-date.ts';
import { listResultsOfCitizen } from '../results/results.repository.ts';
import { attachReusedResults, storeOf } from '../results/reuse-results.ts';
import { listDrafts } from './drafts.repository.ts';
import {
  changedNotice,
  contactFields,
  deleteOnlineDraft,
  onlineProcedure,
  openingState,
  postedAnswers,
  saveOnlineDraft,
} from './online-form.ts';
import * as pages from './online.pages.tsx';
import type { OnlineFormState } from './online.pages.tsx';
import { submitOnline } from './submit-online.ts';

/** The online channel for signed-in citizens: submit a dossier, see one's dossiers. */
export function onlineRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    const codeParams = z.object({ code: z.string().max(60) });
    const showForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      c: CitizenActor,
      p: Awaited<ReturnType<typeof onlineProcedure>>,
      state: OnlineFormState,
      key: string | undefined,
      status = state.problems.length ? 400 : 200,
    ) => {
      const page = pages.onlineFormPage({
        user: citizenPageUser(request, reply, c),
        procedure: p.procedure,
        form: p.form,
        applicant: { fullName: c.fullName, maskedId: maskIdNumber(c.idNumber) },
        agencies: p.agencies.map((a) => ({ value: String(a.id), label: a.name })),
        // The one-time key of this page: a double click or a retry of the same page makes one dossier.
        key: key || randomBytes(16).toString('base64url'),
        state,
        results: await storeOf(pool, c),
      });
      return sendHtml(request, reply, page, status);
    };

    app.get(
      '/cong-dan/nop/:code',
      { schema: { hide: true, params: codeParams, querystring: z.object({ da_luu: z.string().max(40).optional() }) } },
      async (request, reply) => {
        const c = requireCitizen(request, reply);
        if (!c) return reply;
        const p = await onlineProcedure(pool, request.params.code);
        const state = await openingState(pool, c, p.procedure.code, p.form);
        if (request.query.da_luu !== undefined)
          state.notice = 'Đã lưu nháp. Bạn có thể quay lại tiếp tục bất cứ lúc nào trong mục «Hồ sơ của tôi».';
        return showForm(request, reply, c, p, state, undefined);
      },
    );

    app.post(
      '/cong-dan/nop/:code',
      { config: { acceptsFiles: true }, schema: { hide: true, params: codeParams } },
      async (request, reply) => {
        const c = requireCitizen(request, reply);
        if (!c) return reply;
        const p = await onlineProcedure(pool, request.params.code);
        const code = p.procedure.code;
        const form = await readMultipartForm(request, pool, filesDirOf(deps.config.dataDir), { kind: 'citizen', id: c.citizenId });
        await attachReusedResults(pool, c, p.procedure.components.length, form.fields, form.files);
        const one = (k: string) => form.fields[k]?.[0] ?? '';
        const contact = Object.fromEntries(contactFields.map((k) => [k, one(k)]));
        const postedVersion = /^\d{1,9}$/.test(one('formVersion')) ? Number(one('formVersion')) : null;
        const posted = await postedAnswers(pool, code, postedVersion, p.form, form.fields);
        const state: OnlineFormState = { contact, answers: posted.answers, files: form.files, problems: form.problems };
        if (posted.changed) state.notice = changedNotice(posted.dropped);
        const key = one('key').slice(0, 64);
        const intent = one('intent') || 'submit';

        if (intent === 'draft') {
          await saveOnlineDraft(pool, c, code, p.form?.version ?? null, state);
          return reply.redirect(`/cong-dan/nop/${encodeURIComponent(code)}?da_luu=1`, 303);
        }
        const group = /^(add|remove):([A-Za-z0-9_]{1,40})(?::(\d{1,2}))?$/.exec(intent);
        if (group) {
          // A repeating group grows or shrinks; the page comes back with everything typed, nothing checked yet.
          const items = Array.isArray(state.answers[group[2]!]) ? [...(state.answers[group[2]!] as object[])] : [];
          if (group[1] === 'add') items.push({});
          else items.splice(Number(group[3]), 1);
          state.answers = { ...state.answers, [group[2]!]: items as Array<Record<string, string>> };
          return showForm(request, reply, c, p, { ...state, problems: form.problems }, key);
        }
        if (posted.changed || form.problems.length) return showForm(request, reply, c, p, state, key, posted.changed ? 409 : 400);
        try {
          const r = await submitOnline(
            pool,
            c,
            {
              procedureCode: code,
              agencyId: Number(contact.agencyId),
              key: key || randomBytes(16).toString('base64url'),
              phone: contact.phone!,
              email: contact.email!,
              address: contact.address!,
              resultDelivery: (['online', 'post', 'counter'] as const).find((x) => x === contact.resultDelivery) ?? 'online',
              files: p.procedure.components.map((_, i) => form.files[`file-${i}`] ?? []),
              formVersion: postedVersion,
              answers: state.answers,
            },
            await acceptanceRuleOf(deps),
            request.ip,
          );
          return reply.redirect(`/cong-dan/ho-so?da_nop=${encodeURIComponent(r.code)}`, 303);
        } catch (err) {
          if (!(err instanceof AppError) || (err.code !== 'validation_failed' && err.code !== 'conflict')) throw err;
          const problems = err.code === 'conflict' ? [{ field: 'formVersion', message: err.userMessage }] : err.problems;
          return showForm(request, reply, c, p, { ...state, problems }, key, err.status);
        }
      },
    );

    app.post('/cong-dan/nhap/:code/xoa', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const c = requireCitizen(request, reply);
      if (!c) return reply;
      await deleteOnlineDraft(pool, c, request.params.code);
      return reply.redirect('/cong-dan/ho-so', 303);
    });

    app.get(
      '/cong-dan/ho-so',
      { schema: { hide: true, querystring: z.object({ da_nop: z.string().max(60).optional() }) } },
      async (request, reply) => {
        const c = requireCitizen(request, reply);
        if (!c) return reply;
        const [dossiers, drafts, results] = await Promise.all([
          repo.listDossiersOfCitizen(pool, c.citizenId),
          listDrafts(pool, c.citizenId),
          listResultsOfCitizen(pool, c),
        ]);
        const justSubmitted = dossiers.find((d) => d.code === request.query.da_nop)?.code;
        return sendHtml(
          request,
          reply,
          pages.myDossiersPage({
            user: citizenPageUser(request, reply, c),
            dossiers,
            drafts,
            results,
            ...(justSubmitted ? { justSubmitted } : {}),
          }),
        );
      },
    );
  };
}
