import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { workLabels } from '../processes/workflow.ts';
import { actionLabels } from './audit-labels.ts';

/** Every action the code writes into the audit log, found in the source: `action: '...'` and `dossier_<outcome>`. */
function auditedActions(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(e.name) && !e.name.includes('.test.') && !e.name.includes('fixture')) {
        const text = fs.readFileSync(full, 'utf8');
        if (!/append(Audit|AuditNow)\(/.test(text)) continue;
        for (const m of text.matchAll(/action: '([a-z_]+)'(?=,| \}|\n)/g)) found.add(m[1]!);
        for (const m of text.matchAll(/'([a-z]+_[a-z_]+)' : '([a-z]+_[a-z_]+)'/g)) [m[1]!, m[2]!].forEach((a) => found.add(a));
      }
    }
  };
  walk(path.resolve(import.meta.dirname, '..'));
  for (const outcome of ['receive', 'request_supplement', 'refuse', 'return_now', 'submit_online']) found.add(`dossier_${outcome}`);
  for (const kind of Object.keys(workLabels)) found.add(`processing_${kind}`);
  return found;
}

test('every audited action has a Vietnamese name on the audit page', () => {
  const missing = [...auditedActions()].filter((a) => !actionLabels[a]);
  assert.deepEqual(missing, []);
});
