import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { renderPage } from './layout.tsx';
import { sendHtml } from './reply.ts';

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: unknown }>;
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
}

/**
 * OpenAPI generated from the routes' zod schemas, as JSON at /api/docs/json and
 * as a readable page at /api/docs (server-rendered: no script needed).
 */
export async function apiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Một Cửa API',
        description: 'API của hệ thống thông tin giải quyết thủ tục hành chính: danh mục thủ tục và cơ quan.',
        version: '1',
      },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/docs/json', { schema: { hide: true } }, () => app.swagger());
  app.get('/api/docs', { schema: { hide: true } }, (request, reply) => {
    const doc = app.swagger() as { paths?: Record<string, Record<string, Operation>> };
    const paths = Object.entries(doc.paths ?? {});
    const html = renderPage({
      title: 'Tài liệu API',
      children: (
        <>
          <h1>Tài liệu API</h1>
          <p class="lead">
            Đặc tả OpenAPI đầy đủ ở <a href="/api/docs/json">/api/docs/json</a>. Lỗi trả về dạng{' '}
            <code>{'{ "error": { "code", "message", "problems", "requestId" } }'}</code>.
          </p>
          {paths.map(([path, methods]) =>
            Object.entries(methods).map(([method, op]) => (
              <section key={`${method} ${path}`}>
                <h2 id={`${method}-${path}`}>
                  <code>
                    {method.toUpperCase()} {path}
                  </code>
                </h2>
                {op.summary && <p>{op.summary}</p>}
                {op.parameters && op.parameters.length > 0 && (
                  <table>
                    <caption>Tham số</caption>
                    <thead>
                      <tr>
                        <th scope="col">Tên</th>
                        <th scope="col">Vị trí</th>
                        <th scope="col">Bắt buộc</th>
                        <th scope="col">Kiểu</th>
                      </tr>
                    </thead>
                    <tbody>
                      {op.parameters.map((p) => (
                        <tr key={p.name}>
                          <td>
                            <code>{p.name}</code>
                          </td>
                          <td>{p.in}</td>
                          <td>{p.required ? 'có' : 'không'}</td>
                          <td>
                            <code>{JSON.stringify(p.schema)}</code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                {op.requestBody !== undefined && (
                  <details>
                    <summary>Nội dung gửi lên (JSON Schema)</summary>
                    <pre>{JSON.stringify(op.requestBody, null, 2)}</pre>
                  </details>
                )}
                <ul>
                  {Object.entries(op.responses ?? {}).map(([status, r]) => (
                    <li key={status}>
                      <code>{status}</code> {r.description}
                    </li>
                  ))}
                </ul>
              </section>
            )),
          )}
        </>
      ),
    });
    return sendHtml(request, reply, html);
  });
}
