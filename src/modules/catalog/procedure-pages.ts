import zlib from 'node:zlib';
import type { Db } from '../../db/pool.ts';
import { renderVersion } from '../../web/assets.ts';
import { etagOf } from '../../web/page-cache.ts';
import * as repo from './catalog.repository.ts';
import { procedurePage } from './procedure.page.tsx';

/**
 * The public page of each procedure, rendered once and stored compressed in
 * the database (procedure_pages), where every app process finds it. A stored
 * page is forgotten when the procedure or its agencies change, and ignored
 * when another release rendered it. This is the one use case that renders a
 * page: publishing the catalogue is rendering it.
 */
export interface StoredPage {
  etag: string;
  br: Buffer;
}

export async function procedurePageOf(db: Db, code: string): Promise<StoredPage | undefined> {
  return (await repo.findStoredPage(db, code, renderVersion)) ?? renderAndStore(db, code);
}

async function renderAndStore(db: Db, code: string): Promise<StoredPage | undefined> {
  const view = await repo.findProcedureView(db, code);
  if (!view) return undefined;
  const html = Buffer.from(procedurePage(view.procedure, view.version, view.versions, view.agencies));
  const page = {
    etag: etagOf(html),
    br: zlib.brotliCompressSync(html, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: html.length },
    }),
  };
  await repo.storePage(db, code, renderVersion, page.etag, page.br);
  return page;
}

/**
 * Renders up to `batch` procedures that have no current stored page; returns
 * how many it rendered (0 when all are current). Run in the background after
 * start and after catalogue changes, so visitors rarely meet a cold page.
 */
export async function prerenderProcedurePages(db: Db, batch = 50): Promise<number> {
  const codes = await repo.codesWithoutStoredPage(db, renderVersion, batch);
  for (const code of codes) await renderAndStore(db, code);
  return codes.length;
}
