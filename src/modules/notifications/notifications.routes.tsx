import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { Tag } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { sendHtml } from '../../web/reply.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { listNotifications, markRead, type NotificationRow } from './notifications.repository.ts';

const kindLabels: Record<NotificationRow['kind'], string> = {
  near_due: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  closed_unanswered: 'Đã dừng xử lý',
  consultation_near_due: 'Sắp đến hạn trả lời ý kiến',
  consultation_overdue: 'Quá hạn trả lời ý kiến',
};

function notificationsPage(v: { user: PageUser; rows: NotificationRow[] }): string {
  return renderPage({
    title: 'Thông báo',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>Thông báo</h1>
        {v.rows.length === 0 ? (
          <p>Không có thông báo nào.</p>
        ) : (
          <>
            <ul class="results">
              {v.rows.map((n) => (
                <li key={n.id}>
                  <Tag tone={n.readAt ? 'grey' : undefined}>{kindLabels[n.kind]}</Tag> <a href={`/ho-so/${n.dossierCode}`}>{n.message}</a>
                  <div class="muted">
                    Hạn: {formatMoment(n.deadline)} · gửi lúc {formatMoment(n.createdAt)}
                  </div>
                </li>
              ))}
            </ul>
            <form method="post" action="/thong-bao/da-doc">
              <Csrf token={v.user.csrf} />
              <button class="button button-secondary" type="submit">
                Đánh dấu tất cả là đã đọc
              </button>
            </form>
          </>
        )}
      </>
    ),
  });
}

/** /thong-bao: a staff member's notices (deadline alerts of steps and consultations, closures), unread first. */
export function notificationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/thong-bao', { schema: { hide: true } }, async (request, reply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return reply;
      const rows = await listNotifications(deps.pool, actor.staffId);
      return sendHtml(request, reply, notificationsPage({ user: pageUserOf(request, reply, actor), rows }));
    });
    app.post('/thong-bao/da-doc', { schema: { hide: true } }, async (request, reply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return reply;
      await markRead(deps.pool, actor.staffId);
      return reply.redirect('/thong-bao', 303);
    });
  };
}
