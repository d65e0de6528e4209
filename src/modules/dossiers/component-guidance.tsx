import { componentName, isGuidance, type Component } from '../catalog/procedure.schema.ts';

/**
 * The procedure's guidance rows ("Lưu ý" of the national record) folded under one line, to read
 * when needed: they are not papers, so they get no tick box and no upload (a browser walk found 19
 * of the 33 rows of 1.001193 offered as papers to hand in).
 */
export function ComponentGuidance({ components }: { components: Component[] }) {
  const notes = components.filter(isGuidance);
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
