import type pg from 'pg';
import { chainHash, genesisHash, type ChainedRecord, type ChainHead } from './audit-hash.ts';
import { readChainPage, readHead } from './audit.repository.ts';

/** What broke: an entry changed, entries missing, an entry added outside the log, rows out of order, a head not matching. */
export type ChainProblem = 'edited' | 'missing' | 'inserted' | 'out_of_order' | 'head_mismatch';

export type ChainResult = { ok: true; count: number } | { ok: false; brokenAt: number; problem: ChainProblem; reason: string };

/**
 * Checks a chain fed one entry at a time in id order (so a large log is checked page by page).
 * It stops at the first break and names that entry; the reasons are Vietnamese, for the operator.
 * Gaps in the ids are not breaks: a rolled-back append consumes its id.
 */
export class ChainChecker {
  private count = 0;
  private last: { id: number; hash: string } | null = null;
  private hashBeforeLast = genesisHash;
  private broken: ChainResult | null = null;

  constructor(private readonly head: ChainHead) {}

  /** Takes the next entry; false once the chain is broken (what follows need not be read). */
  add(row: ChainedRecord): boolean {
    if (this.broken) return false;
    const last = this.last;
    if (last && row.id <= last.id) {
      return this.fail(row.id, 'out_of_order', `mục #${row.id} đứng sau mục #${last.id}: thứ tự các mục bị đảo.`);
    }
    if (chainHash(row.prevHash, row) !== row.hash) {
      return this.fail(row.id, 'edited', `nội dung mục #${row.id} không khớp với mã băm của nó: mục đã bị sửa.`);
    }
    if (row.prevHash !== (last?.hash ?? genesisHash)) {
      if (last && row.prevHash === this.hashBeforeLast) {
        return this.fail(last.id, 'inserted', `mục #${last.id} bị chèn thêm: mục #${row.id} nối thẳng vào mục trước nó.`);
      }
      return this.fail(
        row.id,
        'missing',
        last
          ? `mục #${row.id} không nối với mục #${last.id} liền trước: có mục bị xóa hoặc bị thay thế ở giữa.`
          : `mục đầu tiên #${row.id} không nối với điểm khởi đầu của chuỗi: các mục trước nó đã bị xóa.`,
      );
    }
    if (row.id > this.head.lastId) {
      return this.fail(
        row.id,
        'inserted',
        `mục #${row.id} nằm sau mục cuối cùng mà đầu chuỗi ghi nhận (#${this.head.lastId}): mục được thêm ngoài hệ thống.`,
      );
    }
    this.hashBeforeLast = last?.hash ?? genesisHash;
    this.last = { id: row.id, hash: row.hash };
    this.count++;
    return true;
  }

  /** The verdict once every entry has been added. */
  finish(): ChainResult {
    if (this.broken) return this.broken;
    const { lastId, lastHash } = this.head;
    const last = this.last;
    if (!last) {
      if (lastId === 0 && lastHash === genesisHash) return { ok: true, count: 0 };
      return {
        ok: false,
        brokenAt: lastId,
        problem: 'missing',
        reason: `đầu chuỗi ghi nhận mục cuối #${lastId} nhưng nhật ký trống: các mục đã bị xóa.`,
      };
    }
    if (last.id < lastId) {
      return {
        ok: false,
        brokenAt: lastId,
        problem: 'missing',
        reason: `đầu chuỗi ghi nhận mục cuối #${lastId} nhưng nhật ký dừng ở mục #${last.id}: các mục cuối đã bị xóa.`,
      };
    }
    if (last.hash !== lastHash) {
      return {
        ok: false,
        brokenAt: last.id,
        problem: 'head_mismatch',
        reason: `mục cuối #${last.id} không khớp với mã băm mà đầu chuỗi ghi nhận.`,
      };
    }
    return { ok: true, count: this.count };
  }

  private fail(brokenAt: number, problem: ChainProblem, reason: string): false {
    this.broken = { ok: false, brokenAt, problem, reason };
    return false;
  }
}

/** Pure: verifies entries given in id order against the head. */
export function verifyChain(rows: Iterable<ChainedRecord>, head: ChainHead): ChainResult {
  const checker = new ChainChecker(head);
  for (const row of rows) if (!checker.add(row)) break;
  return checker.finish();
}

/**
 * Verifies the whole log, `pageSize` entries at a time, in one read-only snapshot: entries being
 * appended meanwhile are neither half seen nor mistaken for tampering.
 */
export async function verifyAuditLog(pool: pg.Pool, options: { pageSize?: number } = {}): Promise<ChainResult> {
  const pageSize = options.pageSize ?? 5000;
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const checker = new ChainChecker(await readHead(client));
    let afterId: number | null = null;
    for (;;) {
      const rows = await readChainPage(client, afterId, pageSize);
      if (!rows.every((row) => checker.add(row)) || rows.length < pageSize) break;
      afterId = rows[rows.length - 1]!.id;
    }
    await client.query('COMMIT');
    return checker.finish();
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
