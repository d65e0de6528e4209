import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { compareVietnamese } from '../../lib/vietnamese.ts';
import { sendHtml } from '../../web/reply.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { authorize, mayAnywhere } from '../accounts/policy.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { listStaff } from '../accounts/staff.repository.ts';
import { listAgencies } from '../agencies/agencies.repository.ts';
import { agencyIndexOf } from '../agencies/agency-index.ts';
import { atRestKey } from './at-rest.ts';
import { importKeyAs } from './import-key-as.ts';
import { readKeyUpload } from './key-upload.ts';
import { keyFor, revokeKeyAs, type RevokeValues } from './revoke-key-as.ts';
import * as pages from './signing-admin.pages.tsx';
import { signingKeyPolicy } from './signing.policy.ts';
import { listKeyOverview, type KeyOverviewRow } from './signing.repository.ts';
import { loadTrustList } from './trust-list.ts';

const idParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});
const listQuery = z.object({
  co_quan: z.string().max(12).optional(),
  da_nhap: z.coerce.number().int().positive().optional(),
  da_thu_hoi: z.coerce.number().int().positive().optional(),
});

/** /quan-tri/chu-ky-so: signing keys (chứng thư số), their import from PKCS#12 files and their revocation (signing.policy.ts). */
export function signingAdminRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;
    const key = () => atRestKey(deps.config.signing.keySecret);

    /** Signed-in staff who may see signing keys somewhere; null when answered with a redirect. */
    const admin = async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return null;
      if (!mayAnywhere(actor, signingKeyPolicy, 'view'))
        throw new AppError('forbidden', `signing keys by ${actor.username}`, {
          userMessage: 'Chỉ quản trị tỉnh, quản trị cơ quan và thanh tra được xem chứng thư số.',
        });
      return { actor, index: await agencyIndexOf(deps), user: pageUserOf(request, reply, actor) };
    };
    type Admin = NonNullable<Awaited<ReturnType<typeof admin>>>;

    const item = (a: Admin, k: KeyOverviewRow): pages.KeyListItem => {
      const home = a.index.homeOf(k.agencyId);
      return {
        ...k,
        agencyLabel: home === k.agencyId ? k.agencyName : `${k.agencyName}, ${a.index.nameOf(home)}`,
        mayRevoke: authorize(a.actor, signingKeyPolicy, 'revoke', { agencyId: k.agencyId }, a.index) !== null,
      };
    };

    /** Agencies (not units) where this person may take `action`, in Vietnamese order; in force only for an import. */
    const agenciesFor = async (a: Admin, action: 'view' | 'import') =>
      (await listAgencies(pool))
        .filter((x) => x.kind !== 'unit' && (action === 'view' || x.inForce))
        .filter((x) => authorize(a.actor, signingKeyPolicy, action, { agencyId: x.id }, a.index))
        .sort((x, y) => compareVietnamese(x.name, y.name));

    /** Per agency the admin may import for: its seal and its staff (not locked), by name. */
    const holderGroups = async (a: Admin): Promise<pages.HolderGroup[]> => {
      const agencies = await agenciesFor(a, 'import');
      const province = authorize(a.actor, signingKeyPolicy, 'import', { agencyId: null }, a.index) !== null;
      const staff = await listStaff(pool, province ? null : agencies.flatMap((x) => a.index.subtreeOf(x.id)));
      return agencies.map((x) => ({
        agencyId: x.id,
        agencyName: x.name,
        staff: staff
          .filter((s) => !s.locked)
          .filter((s) => {
            const employer = s.agencyId ?? s.grants[0]?.agencyId;
            return employer !== undefined && a.index.has(employer) && a.index.homeOf(employer) === x.id;
          })
          .sort((s, t) => compareVietnamese(s.fullName, t.fullName))
          .map((s) => ({ id: s.id, label: `${s.fullName} (${s.username})` })),
      }));
    };

    const showList = async (
      request: FastifyRequest,
      reply: FastifyReply,
      a: Admin,
      extra: { filter?: string; notice?: (keys: pages.KeyListItem[]) => string | null; holder?: string; problems?: FieldProblem[] } = {},
    ) => {
      const problems = extra.problems ?? [];
      const agencies = await agenciesFor(a, 'view');
      const filter = agencies.find((x) => String(x.id) === extra.filter);
      const province = authorize(a.actor, signingKeyPolicy, 'view', { agencyId: null }, a.index) !== null;
      // Keys of units belong to their agency: the filter and an agency admin's reach take the units with it.
      const ids = (agencyIds: number[]) => agencyIds.flatMap((id) => a.index.subtreeOf(id).filter((u) => a.index.homeOf(u) === id));
      const scope = filter ? ids([filter.id]) : province ? null : ids(agencies.map((x) => x.id));
      const keys = (await listKeyOverview(pool, scope)).map((k) => item(a, k));
      const canImport = mayAnywhere(a.actor, signingKeyPolicy, 'import');
      const page = pages.keysPage({
        user: a.user,
        now: new Date(),
        keys,
        notice: extra.notice?.(keys) ?? null,
        filter: { agencies: agencies.map((x) => ({ value: String(x.id), label: x.name })), value: filter ? String(filter.id) : '' },
        importForm: canImport ? { groups: await holderGroups(a), holder: extra.holder ?? '', problems } : null,
      });
      return sendHtml(request, reply, page, problems.length ? 400 : 200);
    };

    app.get('/quan-tri/chu-ky-so', { schema: { hide: true, querystring: listQuery } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      const { co_quan, da_nhap, da_thu_hoi } = request.query;
      const notice = (keys: pages.KeyListItem[]) => {
        const imported = keys.find((k) => k.id === da_nhap);
        const revoked = keys.find((k) => k.id === da_thu_hoi);
        if (imported) return `Đã nhập chứng thư số ${imported.subject}. Từ nay hệ thống ký bằng chứng thư này.`;
        if (revoked) return `Đã thu hồi chứng thư số ${revoked.subject}. Hệ thống không ký bằng chứng thư này nữa.`;
        return null;
      };
      return showList(request, reply, a, { ...(co_quan ? { filter: co_quan } : {}), notice });
    });

    app.post('/quan-tri/chu-ky-so', { config: { acceptsFiles: true }, schema: { hide: true } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      if (!mayAnywhere(a.actor, signingKeyPolicy, 'import'))
        throw new AppError('forbidden', `signing key import by ${a.actor.username}`, {
          userMessage: 'Bạn chỉ được xem, không được nhập chứng thư số.',
        });
      const form = await readKeyUpload(request);
      const holder = form.fields.holder ?? '';
      try {
        const imported = await importKeyAs(
          pool,
          key(),
          a.actor,
          a.index,
          { holder, file: form.file, password: form.fields.password ?? '', fileProblems: form.problems },
          await loadTrustList(pool, deps.config.signing.trustListFile),
        );
        return reply.redirect(`/quan-tri/chu-ky-so?da_nhap=${imported.id}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
        return showList(request, reply, a, { holder, problems: err.problems });
      }
    });

    const showRevoke = async (
      request: FastifyRequest,
      reply: FastifyReply,
      a: Admin,
      id: number,
      values: RevokeValues,
      problems: FieldProblem[] = [],
    ) => {
      const { row } = await keyFor(pool, a.actor, a.index, id, 'revoke');
      const [listed] = (await listKeyOverview(pool, [row.agencyId])).filter((k) => k.id === id).map((k) => item(a, k));
      if (!listed) throw new AppError('not_found', `signing key ${id}`, { userMessage: 'Không tìm thấy chứng thư số này.' });
      const page = pages.revokePage({ user: a.user, now: new Date(), key: listed, values, problems });
      return sendHtml(request, reply, page, problems.length ? 400 : 200);
    };

    app.get('/quan-tri/chu-ky-so/:id/thu-hoi', { schema: { hide: true, params: idParams } }, async (request, reply) => {
      const a = await admin(request, reply);
      return a ? showRevoke(request, reply, a, request.params.id, { reason: '', confirm: '' }) : reply;
    });

    app.post(
      '/quan-tri/chu-ky-so/:id/thu-hoi',
      {
        schema: {
          hide: true,
          params: idParams,
          body: z.object({ reason: z.string().max(40).default(''), confirm: z.string().max(10).default('') }),
        },
      },
      async (request, reply) => {
        const a = await admin(request, reply);
        if (!a) return reply;
        try {
          await revokeKeyAs(pool, key(), a.actor, a.index, request.params.id, request.body);
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          return showRevoke(request, reply, a, request.params.id, request.body, err.problems);
        }
        return reply.redirect(`/quan-tri/chu-ky-so?da_thu_hoi=${request.params.id}`, 303);
      },
    );
  };
}
