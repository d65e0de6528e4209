import type { FieldProblem } from '../../errors.ts';
import { componentName, isGuidance, type Component } from '../catalog/procedure.schema.ts';
import type { PaperCount, ReceivedComponent } from './dossiers.repository.ts';

/** What the desk typed of one component's paper copies (form fields `originals-<i>`, `copies-<i>`); absent: not sent. */
export type CountedPaper = Partial<Record<keyof PaperCount, string>>;

/**
 * What a new dossier records of each component of its procedure version, from the papers ticked
 * and the files attached (either makes a component received), with the paper copies the desk
 * counted for a ticked one (none sent: none recorded, and the receipt states the catalogue's; one
 * sent empty is 0; 0 and 0, as for the many rows the catalogue gives no count, leave the count to the
 * receipt's reader). A guidance
 * row ("Lưu ý") is not a paper: a tick on it is ignored, and a file sent for it is refused by name,
 * since the pages never offer one (only a hand-made request or a program can). Pure.
 */
export function receivedComponents(
  components: Component[],
  ticked: boolean[],
  files: Array<NonNullable<ReceivedComponent['files']>>,
  counted: Array<CountedPaper | undefined> = [],
): { components: ReceivedComponent[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const received = components.map((c, i): ReceivedComponent => {
    const attached = files[i] ?? [];
    if (!isGuidance(c)) {
      if (!ticked[i]) return { received: attached.length > 0, files: attached };
      const paper = paperCount(c, i, counted[i] ?? {}, problems);
      return { received: true, files: attached, ...(paper ? { paper } : {}) };
    }
    if (attached.length)
      problems.push({
        field: `file-${i}`,
        message: `Mục “${shortened(componentName(c.name))}” là lưu ý của thủ tục, không phải giấy tờ: không đính kèm tệp vào mục này.`,
      });
    return { received: false, files: [] };
  });
  return { components: received, problems };
}

/** The copies counted of a ticked paper, each a whole number from 0 to 99 (a wrong one is a problem, and no count). */
function paperCount(c: Component, i: number, typed: CountedPaper, problems: FieldProblem[]): PaperCount | undefined {
  if (typed.originals === undefined && typed.copies === undefined) return undefined;
  const count = (kind: keyof PaperCount, words: string): number | undefined => {
    const raw = typed[kind];
    if (raw === undefined) return c[kind];
    if (/^\s*\d{0,2}\s*$/.test(raw)) return Number(raw.trim() || 0);
    problems.push({ field: `${kind}-${i}`, message: `Số ${words} của “${shortened(componentName(c.name))}” phải là một số từ 0 đến 99.` });
    return undefined;
  };
  const originals = count('originals', 'bản chính');
  const copies = count('copies', 'bản sao');
  return originals === undefined || copies === undefined ? undefined : { originals, copies };
}

/** A long row named by its first words, cut at a word, not inside one. */
function shortened(name: string, max = 80): string {
  if (name.length <= max) return name;
  return `${name.slice(0, name.lastIndexOf(' ', max)).trimEnd()}…`;
}
