import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { openStored } from '../files/read-file.ts';
import type { DossierRow } from './dossiers.repository.ts';

/** The route parameters of one file of a dossier: its code and the upload's id. */
export const dossierFileParams = z.object({
  code: z.string().max(60),
  upload: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 40),
});

/** Sends a file attached to the dossier (to whoever the route let read it), under the name it was uploaded with; 404 for any other. */
export async function sendDossierFile(filesDir: string, reply: FastifyReply, d: DossierRow, uploadId: number): Promise<FastifyReply> {
  const file = d.components.flatMap((c) => c.files ?? []).find((f) => f.uploadId === uploadId);
  if (!file)
    throw new AppError('not_found', `upload ${uploadId} of ${d.code}`, {
      userMessage: 'Hồ sơ không có tệp này.',
    });
  const { stream, size } = await openStored(filesDir, file.sha256);
  return reply
    .header('content-type', file.mediaType)
    .header('content-length', size)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.displayName)}`)
    .send(stream);
}
