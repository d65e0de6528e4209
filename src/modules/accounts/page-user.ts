import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageUser } from '../../web/layout.tsx';
import { agencyPolicy } from '../agencies/agencies.policy.ts';
import { calendarPolicy } from '../calendar/calendar.policy.ts';
import type { CitizenActor, StaffActor } from './actor.ts';
import { delegationPolicy, staffPolicy } from './accounts.policy.ts';
import { dossierPolicy } from '../dossiers/dossiers.policy.ts';
import { formPolicy } from '../forms/forms.policy.ts';
import { processPolicy } from '../processes/processes.policy.ts';
import { signingKeyPolicy } from '../signing/signing.policy.ts';
import { mayAnywhere } from './policy.ts';
import { csrfFor } from './session-plugin.ts';

/** The header for whoever is signed in (staff or citizen), on any page; undefined for a visitor. */
export function signedInPageUser(request: FastifyRequest, reply: FastifyReply): PageUser | undefined {
  const actor = request.actor;
  if (actor.kind === 'staff') return pageUserOf(request, reply, actor);
  if (actor.kind === 'citizen') return citizenPageUser(request, reply, actor);
  return undefined;
}

/** The header of a citizen's page: their name (to "Trang của tôi"), their dossiers, the CSRF token. */
export function citizenPageUser(request: FastifyRequest, reply: FastifyReply, citizen: CitizenActor): PageUser {
  return { name: citizen.fullName, home: '/cong-dan', csrf: csrfFor(request, reply), links: [['/cong-dan/ho-so', 'Hồ sơ của tôi']] };
}

/** The header of a signed-in staff page: name, the admin links this person may use, the CSRF token. */
export function pageUserOf(request: FastifyRequest, reply: FastifyReply, actor: StaffActor): PageUser {
  const links: PageUser['links'] = [];
  if (mayAnywhere(actor, dossierPolicy, 'receive')) links.push(['/tiep-nhan', 'Tiếp nhận']);
  if (actor.roles.some((g) => g.role !== 'inspector' && g.role !== 'province_admin' && g.role !== 'agency_admin')) {
    links.push(['/hop-thu', 'Hộp thư xử lý']);
    links.push(['/thong-bao', 'Thông báo']);
  }
  if (mayAnywhere(actor, agencyPolicy, 'view_admin')) links.push(['/quan-tri/co-quan', 'Quản lý cơ quan']);
  if (mayAnywhere(actor, staffPolicy, 'list')) links.push(['/quan-tri/can-bo', 'Cán bộ']);
  if (mayAnywhere(actor, calendarPolicy, 'view')) links.push(['/quan-tri/lich-lam-viec', 'Lịch làm việc']);
  if (mayAnywhere(actor, formPolicy, 'view_admin')) links.push(['/quan-tri/bieu-mau', 'Biểu mẫu']);
  if (mayAnywhere(actor, processPolicy, 'view_admin')) links.push(['/quan-tri/quy-trinh', 'Quy trình']);
  if (mayAnywhere(actor, signingKeyPolicy, 'view')) links.push(['/quan-tri/chu-ky-so', 'Chữ ký số']);
  if (mayAnywhere(actor, delegationPolicy, 'view')) links.push(['/quan-tri/uy-quyen', 'Ủy quyền']);
  if (mayAnywhere(actor, staffPolicy, 'view_audit')) links.push(['/quan-tri/nhat-ky', 'Nhật ký']);
  return { name: actor.fullName, csrf: csrfFor(request, reply), links };
}
