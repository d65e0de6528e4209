import { AppError } from '../../errors.ts';
import { allowedInWords } from './limits.ts';

/**
 * Why the content of an upload is refused, before the file's display name is known to the
 * checker: `found` names a type that is not accepted, `reason` says why an accepted type is
 * refused anyway (a bomb, too many pixels, damaged). Both are Vietnamese, shown to the person.
 */
export class Refusal extends Error {
  constructor(
    detail: string,
    readonly words: { found: string | null } | { reason: string },
  ) {
    super(detail);
    this.name = 'Refusal';
  }

  /** The 415 shown to the person, naming their file. */
  toAppError(displayName: string): AppError {
    const userMessage =
      'reason' in this.words
        ? `Tệp “${displayName}” không được nhận: ${this.words.reason}.`
        : `Tệp “${displayName}” ${this.words.found ? `là ${this.words.found}, ` : ''}không phải định dạng được chấp nhận (${allowedInWords}).`;
    return new AppError('unsupported_media_type', `${displayName}: ${this.message}`, { userMessage });
  }
}

/** Content of a type that is not accepted; `found` in words when recognised. */
export function notAllowed(detail: string, found: string | null): Refusal {
  return new Refusal(detail, { found });
}

/** Content of an accepted type refused anyway. */
export function rejected(detail: string, reason: string): Refusal {
  return new Refusal(detail, { reason });
}

export const damaged = 'tệp bị hỏng hoặc không đọc được';
export const bomb = 'nội dung nén giải ra lớn bất thường (có thể là tệp độc hại)';
