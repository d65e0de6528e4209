import { actionLabels } from '../audit/audit-labels.ts';
import type { ActionRow } from './dossiers.repository.ts';

/**
 * What a log entry did, in Vietnamese. A step of processing carries its action in `detail.work`
 * and is named as processing: its "refuse" is a refusal to decide ("Từ chối giải quyết"), not the
 * desk's refusal to receive.
 */
export function logEntryLabel(a: Pick<ActionRow, 'action' | 'detail'>): string {
  const label = a.detail.work ? actionLabels[`processing_${a.action}`] : actionLabels[`dossier_${a.action}`];
  return label ?? 'Xử lý hồ sơ';
}
