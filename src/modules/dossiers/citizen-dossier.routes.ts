import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendHtml, sendPdf } from '../../web/reply.ts';
import { citizenPageUser } from '../accounts/page-user.ts';
import { requireCitizen } from '../accounts/session-plugin.ts';
import { agencyIndexOf } from '../agencies/agency-index.ts';
import { filesDirOf } from '../files/receive-uploads.ts';
import { findFormVersion } from '../forms/forms.repository.ts';
import { listIssuedResults } from '../results/results.repository.ts';
import { renderSlipPdf } from '../slips/render-pdf.ts';
import { slipContent } from '../slips/slip-content.ts';
import { citizenDossierPage } from './citizen-dossier.page.tsx';
import { dossierFileParams, sendDossierFile } from './dossier-file.ts';
import { slipInputOf } from './dossier-slip.ts';
import * as repo from './dossiers.repository.ts';
import { lookupDossier, lookupUrlOf } from './lookup.ts';

/**
 * A citizen's own dossier (one they submitted online): its page, its files and its slip. Anyone
 * else's dossier, or an unknown code, is answered alike (404): these pages never tell whether a
 * code exists.
 */
export function citizenDossierRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;
    const codeParams = z.object({ code: z.string().max(60) });

    const own = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
      const citizen = requireCitizen(request, reply);
      if (!citizen) return null;
      const dossier = await repo.findDossierByCode(pool, code);
      if (!dossier || dossier.citizenId !== citizen.citizenId)
        throw new AppError('not_found', `dossier ${code} of citizen ${citizen.citizenId}`, {
          userMessage: 'Không tìm thấy hồ sơ có mã này trong các hồ sơ bạn đã nộp.',
        });
      return { citizen, dossier };
    };

    app.get('/cong-dan/ho-so/:code', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const o = await own(request, reply, request.params.code);
      if (!o) return reply;
      const d = o.dossier;
      const [status, actions, form, results] = await Promise.all([
        lookupDossier(pool, d.code),
        repo.listActions(pool, d.id),
        d.formVersion === null ? undefined : findFormVersion(pool, d.procedureCode, d.formVersion),
        listIssuedResults(pool, d.id),
      ]);
      const page = citizenDossierPage({
        user: citizenPageUser(request, reply, o.citizen),
        d,
        status: status!,
        actions,
        form: form?.definition,
        // The latest result only: one replaced by a correction is no longer in force.
        result: results.at(-1),
      });
      return sendHtml(request, reply, page);
    });

    app.get('/cong-dan/ho-so/:code/tep/:upload', { schema: { hide: true, params: dossierFileParams } }, async (request, reply) => {
      const o = await own(request, reply, request.params.code);
      return o ? sendDossierFile(filesDirOf(deps.config.dataDir), reply, o.dossier, request.params.upload) : reply;
    });

    app.get('/cong-dan/ho-so/:code/phieu.pdf', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const o = await own(request, reply, request.params.code);
      if (!o) return reply;
      const d = o.dossier;
      const slip = await slipInputOf(
        pool,
        await agencyIndexOf(deps),
        d,
        await repo.listActions(pool, d.id),
        lookupUrlOf(deps.config.publicUrl, d.code),
      );
      return sendPdf(reply, d.code, await renderSlipPdf(slipContent(slip)));
    });
  };
}
