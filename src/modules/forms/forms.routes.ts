import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { formDefinitionSchema } from './form-definition.ts';
import { findCurrentForm } from './forms.repository.ts';
import { toJsonSchema } from './json-schema.ts';

/** The public e-form of a procedure: what a program needs to fill it in through the API. */
export function formRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/procedures/:code/form',
      {
        schema: {
          summary: 'Biểu mẫu điện tử hiện hành của một thủ tục: định nghĩa và lược đồ JSON (JSON Schema) của câu trả lời',
          tags: ['forms'],
          params: z.object({ code: z.string().max(60) }),
          response: {
            200: z.object({
              procedureCode: z.string(),
              version: z.number(),
              definition: formDefinitionSchema,
              schema: z.record(z.string(), z.unknown()),
            }),
          },
        },
      },
      async (request, reply) => {
        const form = await findCurrentForm(deps.pool, request.params.code);
        if (!form)
          throw new AppError('not_found', `no form for ${request.params.code}`, { userMessage: 'Thủ tục này chưa có biểu mẫu điện tử.' });
        reply.header('cache-control', 'no-cache');
        return {
          procedureCode: form.procedureCode,
          version: form.version,
          definition: form.definition,
          schema: toJsonSchema(form.definition),
        };
      },
    );
  };
}
