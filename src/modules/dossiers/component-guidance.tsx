import { componentName, isGuidance } from '../catalog/procedure.schema.ts';

/**
 * The procedure's guidance rows ("Lưu ý" of the national record) folded under one line, to read
 * when needed: they are not papers, so they get no tick box and no upload (a browser walk found 19
 * of the 33 rows of 1.001193 offered as papers to hand in).
 */
export function ComponentGuidance({ components }: { components: Array<{ name: string; group?: string; guidance?: boolean }> }) {
  // A catalogue row tells by its heading; a dossier's row carries the answer (component-names.ts).
  const notes = components.filter((c) => c.guidance ?? isGuidance({ group: c.group ?? '' }));
  if (!notes.length) return null;
  return (
    <details class="guidance">
      <summary>Lưu ý của thủ tục ({notes.length} mục)</summary>
      <ul>
        {notes.map((c, i) => (
          <li key={i}>{componentName(c.name)}</li>
        ))}
      </ul>
    </details>
  );
}
