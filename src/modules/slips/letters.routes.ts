import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendHtml, sendPdf } from '../../web/reply.ts';
import { readableDossier } from '../dossiers/dossier-view.routes.ts';
import { letterSlugs, type LetterForm } from './letters.ts';
import { letterOf } from './load-letters.ts';
import { renderSheetPdf } from './render-sheet-pdf.ts';
import { sheetPage } from './sheet.page.tsx';

const codeParams = z.object({ code: z.string().min(1).max(60) });

/** Each letter, its PDF's file name, and what a person is told when the dossier has none. */
const letters: Array<{ form: LetterForm; file: string; missing: string }> = [
  {
    form: 'Mẫu 04',
    file: 'mau-04-xin-loi-gia-han',
    missing: 'Hồ sơ này chưa được xin lỗi và gia hạn thời gian giải quyết, nên không có văn bản Mẫu 04.',
  },
  {
    form: 'Mẫu 05',
    file: 'mau-05-thong-bao-dung',
    missing: 'Hồ sơ này không bị dừng giải quyết theo đề nghị của người nộp, nên không có thông báo Mẫu 05.',
  },
];

/**
 * The letters to the applicant (Mẫu 04 apology and extension, Mẫu 05 notice of
 * stopping), each as a printable page and an A4 PDF: for staff who may read
 * the dossier (as the control sheet; readings audited there), who print,
 * number, sign and send it: the applicant never gets an unsigned one from
 * the system. 404 when the dossier's log does not call for the letter.
 */
export function letterRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    /** The dossier if this person may read its letters, with where "back" leads; null once redirected to sign in. */
    const readable = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
      const r = await readableDossier(deps, request, reply, code);
      if (!r) return null;
      return { ...r, back: [`/ho-so/${encodeURIComponent(r.dossier.code)}`, 'Về hồ sơ'] as [string, string] };
    };

    const letter = async (request: FastifyRequest, reply: FastifyReply, code: string, l: (typeof letters)[number]) => {
      const r = await readable(request, reply, code);
      if (!r) return null;
      const content = await letterOf(deps, r.index, l.form, r.dossier, r.actions);
      if (!content) throw new AppError('not_found', `${l.form} of ${code}`, { userMessage: l.missing });
      return { r, content };
    };

    for (const l of letters) {
      const slug = letterSlugs[l.form];
      app.get(`/ho-so/:code/${slug}`, { schema: { hide: true, params: codeParams } }, async (request, reply) => {
        const s = await letter(request, reply, request.params.code, l);
        if (!s) return reply;
        const pdfHref = `/ho-so/${encodeURIComponent(s.r.dossier.code)}/${slug}.pdf`;
        return sendHtml(request, reply, sheetPage({ user: s.r.user, content: s.content, pdfHref, links: [s.r.back] }));
      });

      app.get(`/ho-so/:code/${slug}.pdf`, { schema: { hide: true, params: codeParams } }, async (request, reply) => {
        const s = await letter(request, reply, request.params.code, l);
        if (!s) return reply;
        return sendPdf(reply, `${l.file}-${s.r.dossier.code}`, await renderSheetPdf(s.content));
      });
    }
  };
}
