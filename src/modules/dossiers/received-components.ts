import type { FieldProblem } from '../../errors.ts';
import { componentName, isGuidance, type Component } from '../catalog/procedure.schema.ts';
import type { ReceivedComponent } from './dossiers.repository.ts';

/**
 * What a new dossier records of each component of its procedure version, from the papers ticked
 * and the files attached (either makes a component received). A guidance row ("Lưu ý") is not a
 * paper: a tick on it is ignored, and a file sent for it is refused by name, since the pages never
 * offer one (only a hand-made request or a program can). Pure.
 */
export function receivedComponents(
  components: Component[],
  ticked: boolean[],
  files: Array<NonNullable<ReceivedComponent['files']>>,
): { components: ReceivedComponent[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const received = components.map((c, i) => {
    const attached = files[i] ?? [];
    if (!isGuidance(c)) return { received: (ticked[i] ?? false) || attached.length > 0, files: attached };
    if (attached.length)
      problems.push({
        field: `file-${i}`,
        message: `Mục “${shortened(componentName(c.name))}” là lưu ý của thủ tục, không phải giấy tờ: không đính kèm tệp vào mục này.`,
      });
    return { received: false, files: [] };
  });
  return { components: received, problems };
}

/** A long row named by its first words, cut at a word, not inside one. */
function shortened(name: string, max = 80): string {
  if (name.length <= max) return name;
  return `${name.slice(0, name.lastIndexOf(' ', max)).trimEnd()}…`;
}
