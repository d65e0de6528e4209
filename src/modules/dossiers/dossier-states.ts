/**
 * Dossier statuses and the actions of reception, as pure rules. The ten
 * statuses synchronised with the national portal (DVCQG `TrangThaiHoSo`,
 * regulations.md §3.1) are the vocabulary; internal sub-states added by
 * processing map onto them.
 */
export const statuses = {
  new: 1, // submitted online, not yet checked by the one-stop desk
  received: 2,
  not_received: 3,
  processing: 4,
  supplement_requested: 5,
  financial_obligation: 6,
  withdrawal_requested: 7,
  stopped: 8,
  processed: 9,
  returned: 10,
} as const;
export type Status = keyof typeof statuses;

export const statusLabels: Record<Status, string> = {
  new: 'Mới đăng ký',
  received: 'Đã tiếp nhận',
  not_received: 'Không được tiếp nhận',
  processing: 'Đang xử lý',
  supplement_requested: 'Yêu cầu bổ sung giấy tờ',
  financial_obligation: 'Chờ thực hiện nghĩa vụ tài chính',
  withdrawal_requested: 'Công dân yêu cầu rút hồ sơ',
  stopped: 'Dừng xử lý',
  processed: 'Đã xử lý xong',
  returned: 'Đã trả kết quả',
};

/** The channel a dossier came by (D118 Art.15; DVCQG `KenhThucHien`), as the slips and pages name it. */
export const channelLabels: Record<'counter' | 'online' | 'post', string> = {
  counter: 'Trực tiếp',
  online: 'Trực tuyến',
  post: 'Qua dịch vụ bưu chính',
};

/** What the desk can do with a dossier it is looking at. */
export type ReceptionOutcome = 'receive' | 'request_supplement' | 'refuse' | 'return_now';

/** The status each reception outcome leads to. */
export const outcomeStatus: Record<ReceptionOutcome, Status> = {
  receive: 'received',
  request_supplement: 'supplement_requested',
  refuse: 'not_received',
  return_now: 'returned',
};

/**
 * Only outcomes that take the dossier in have a reception time: the time limit starts at reception
 * (D118 Art.17(3)), and a dossier sent back for completion or refused has not been received.
 */
export function receivesDossier(outcome: ReceptionOutcome): boolean {
  return outcome === 'receive' || outcome === 'return_now';
}

/** Only outcomes that accept the dossier give it a code's appointment (due date). */
export function hasDueDate(outcome: ReceptionOutcome): boolean {
  return outcome === 'receive';
}

/** DVCQG status code of a status, for synchronisation and the public lookup. */
export function portalCode(status: Status): number {
  return statuses[status];
}
