/**
 * The one error type of the system. A use case throws AppError with a code from
 * the closed set below; the HTTP layer maps the code to a status and shows the
 * Vietnamese message to people, while logs keep the English detail.
 */
export const errorCodes = {
  bad_request: { status: 400, message: 'Yêu cầu không hợp lệ.' },
  validation_failed: { status: 400, message: 'Thông tin chưa hợp lệ, vui lòng kiểm tra lại.' },
  query_too_long: { status: 400, message: 'Nội dung tìm kiếm quá dài, vui lòng rút gọn (tối đa 200 ký tự).' },
  unauthenticated: { status: 401, message: 'Vui lòng đăng nhập để tiếp tục.' },
  forbidden: { status: 403, message: 'Bạn không có quyền thực hiện thao tác này.' },
  not_found: { status: 404, message: 'Không tìm thấy trang hoặc dữ liệu yêu cầu.' },
  conflict: { status: 409, message: 'Dữ liệu đã bị thay đổi hoặc trùng với dữ liệu đã có.' },
  payload_too_large: { status: 413, message: 'Dữ liệu gửi lên quá lớn.' },
  unsupported_media_type: { status: 415, message: 'Định dạng dữ liệu không được hỗ trợ.' },
  too_many_requests: { status: 429, message: 'Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ít phút.' },
  internal: { status: 500, message: 'Hệ thống gặp sự cố, vui lòng thử lại sau.' },
  unavailable: { status: 503, message: 'Hệ thống đang tạm dừng để bảo trì, vui lòng thử lại sau.' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** One problem with one field, worded for the person who filled the form. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Vietnamese text for people; defaults to the code's standard text. */
  readonly userMessage: string;
  readonly problems: FieldProblem[];

  constructor(code: ErrorCode, detail: string, options: { userMessage?: string; problems?: FieldProblem[] } = {}) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.userMessage = options.userMessage ?? errorCodes[code].message;
    this.problems = options.problems ?? [];
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}
