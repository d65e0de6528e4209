import { roleLabels } from '../accounts/roles.ts';
import { formatHours, hoursOf } from './check-process.ts';
import { END, stepKinds, transitionOutcomes, type ProcessDefinition, type Responsible, type Step } from './process-definition.ts';

/**
 * The process drawn on the server as an inline SVG, without script: steps as
 * boxes from top to bottom (name, kind, who, allotment), the tasks of a joint
 * step side by side under it, arrows for transitions (straight down to the next
 * box, along the right side otherwise) labelled Đồng ý / Không đồng ý. The SVG
 * is one image with a title and a description for screen readers; the table of
 * steps under it says everything again for them and for print.
 */

/** The name people read for an agency code (the code itself when the province has none by that code). */
export type AgencyNames = (code: string) => string;

const BOX_W = 440;
/** About the width of one character of the 13 px text, to cut what would overflow a box. */
const CHAR_W = 6.6;
const BOX_H = 78;
const GAP = 46;
const TASK_H = 88;
const TASK_GAP = 10;
const LEFT = 20;
const LANE = 26;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function whoOf(r: Responsible, names: AgencyNames): string {
  return `${roleLabels[r.role]}, ${r.agency === 'receiving' ? 'cơ quan tiếp nhận hồ sơ' : names(r.agency)}`;
}

interface Block {
  step: Step;
  y: number;
  height: number;
  width: number;
}

function layout(def: ProcessDefinition): { blocks: Block[]; endY: number; width: number } {
  let y = 40;
  const blocks = def.steps.map((step) => {
    const tasks = step.tasks?.length ?? 0;
    const width = Math.max(BOX_W, tasks * 200 + (tasks - 1) * TASK_GAP);
    const height = step.kind === 'joint' && tasks ? BOX_H + 24 + TASK_H + 16 : BOX_H;
    const block = { step, y, height, width };
    y += height + GAP;
    return block;
  });
  return { blocks, endY: y, width: Math.max(BOX_W, ...blocks.map((b) => b.width)) };
}

export function ProcessDiagram({ definition, names }: { definition: ProcessDefinition; names: AgencyNames }) {
  const { blocks, endY, width } = layout(definition);
  const centre = LEFT + width / 2;
  const index = new Map(definition.steps.map((s, i) => [s.id, i] as const));
  const targetY = (to: string) => (to === END ? endY : blocks[index.get(to)!]!.y);
  // Straight arrows to the next box; every other transition gets a lane of its own on the right.
  const straight: Array<{ from: Block; to: string; label: string | null }> = [];
  const lanes: Array<{ from: Block; to: string; label: string }> = [];
  blocks.forEach((b, i) => {
    const nextId = definition.steps[i + 1]?.id ?? END;
    let usedStraight = false;
    for (const t of b.step.next) {
      if (t.to !== END && !index.has(t.to)) continue;
      const label = t.on === 'done' ? null : transitionOutcomes[t.on];
      if (t.to === nextId && !usedStraight) {
        usedStraight = true;
        straight.push({ from: b, to: t.to, label });
      } else lanes.push({ from: b, to: t.to, label: label ?? transitionOutcomes.done });
    }
  });
  // Lanes start far enough right for a label to sit on the way out of the box.
  const laneX = (i: number) => LEFT + width + 120 + i * LANE;
  const totalW = laneX(lanes.length) + 10;
  const totalH = endY + 56;
  return (
    <svg
      class="process-diagram"
      role="img"
      aria-labelledby="diagram-title diagram-desc"
      viewBox={`0 0 ${totalW} ${totalH}`}
      width={totalW}
      height={totalH}
      font-family="system-ui, sans-serif"
      font-size="13"
    >
      <title id="diagram-title">Sơ đồ quy trình: {definition.title}</title>
      <desc id="diagram-desc">{describe(definition, names)}</desc>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="#0b0c0c" />
        </marker>
      </defs>
      <circle cx={centre} cy={12} r={7} fill="#0b0c0c" />
      <line x1={centre} y1={19} x2={centre} y2={38} stroke="#0b0c0c" stroke-width="1.5" marker-end="url(#arrow)" />
      {blocks.map((b) => (
        <StepBox key={b.step.id} block={b} x={LEFT + (width - b.width) / 2} names={names} />
      ))}
      <rect x={centre - 90} y={endY} width={180} height={36} rx={18} fill="#f3f2f1" stroke="#0b0c0c" stroke-width="1.5" />
      <text x={centre} y={endY + 23} text-anchor="middle" font-weight="bold">
        Kết thúc: có kết quả
      </text>
      {straight.map(({ from, to, label }, i) => (
        <g key={`s${i}`}>
          <line
            x1={centre}
            y1={from.y + from.height}
            x2={centre}
            y2={targetY(to) - 2}
            stroke="#0b0c0c"
            stroke-width="1.5"
            marker-end="url(#arrow)"
          />
          {label && (
            <text x={centre + 8} y={from.y + from.height + GAP / 2 + 4}>
              {label}
            </text>
          )}
        </g>
      ))}
      {lanes.map(({ from, to, label }, i) => {
        const startY = from.y + 20 + (i % 3) * 14;
        const endAt = targetY(to) + (to === END ? 18 : 16);
        const edge = to === END ? centre + 90 : LEFT + (width + blocks[index.get(to)!]!.width) / 2;
        const fromEdge = LEFT + (width + from.width) / 2;
        return (
          <g key={`l${i}`}>
            <path
              d={`M${fromEdge},${startY} H${laneX(i)} V${endAt} H${edge + 2}`}
              fill="none"
              stroke="#505a5f"
              stroke-width="1.5"
              stroke-dasharray={label === transitionOutcomes.refused ? '5 3' : undefined}
              marker-end="url(#arrow)"
            />
            <text x={fromEdge + 6} y={startY - 4} fill="#505a5f">
              {label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function StepBox({ block, x, names }: { block: Block; x: number; names: AgencyNames }) {
  const { step, y, width } = block;
  const tasks = step.kind === 'joint' ? (step.tasks ?? []) : [];
  const taskW = tasks.length ? (width - (tasks.length - 1) * TASK_GAP) / tasks.length : 0;
  const chars = Math.floor((width - 24) / CHAR_W);
  const joinY = y + block.height - 2;
  return (
    <g>
      <title>{`${step.name} (${stepKinds[step.kind]}; ${whoOf(step.responsible, names)}; ${formatHours(hoursOf(step.allotment))})`}</title>
      <rect x={x} y={y} width={width} height={BOX_H} rx={4} fill="#ffffff" stroke="#0b0c0c" stroke-width="2" />
      <text x={x + 12} y={y + 22} font-weight="bold">
        {clip(step.name, chars - 4)}
      </text>
      <text x={x + 12} y={y + 42} fill="#505a5f">
        {clip(`${stepKinds[step.kind]} · ${formatHours(hoursOf(step.allotment))}`, chars)}
      </text>
      <text x={x + 12} y={y + 62}>
        {clip(whoOf(step.responsible, names), chars)}
      </text>
      {tasks.map((t, i) => {
        const tx = x + i * (taskW + TASK_GAP);
        const ty = y + BOX_H + 24;
        const n = Math.floor((taskW - 16) / CHAR_W);
        return (
          <g key={i}>
            <title>{`${t.task} (${roleLabels[t.role]}, ${names(t.agency)}; ${formatHours(hoursOf(t.allotment))})`}</title>
            <line x1={tx + taskW / 2} y1={y + BOX_H} x2={tx + taskW / 2} y2={ty} stroke="#0b0c0c" stroke-width="1.5" />
            <rect x={tx} y={ty} width={taskW} height={TASK_H} rx={4} fill="#f3f2f1" stroke="#0b0c0c" stroke-dasharray="4 2" />
            <text x={tx + 8} y={ty + 20} font-weight="bold">
              {clip(names(t.agency), n)}
            </text>
            <text x={tx + 8} y={ty + 40}>
              {clip(t.task, n)}
            </text>
            <text x={tx + 8} y={ty + 60}>
              {clip(roleLabels[t.role], n)}
            </text>
            <text x={tx + 8} y={ty + 78} fill="#505a5f">
              {clip(formatHours(hoursOf(t.allotment)), n)}
            </text>
            <line x1={tx + taskW / 2} y1={ty + TASK_H} x2={tx + taskW / 2} y2={joinY} stroke="#0b0c0c" stroke-width="1.5" />
          </g>
        );
      })}
      {tasks.length > 0 && <line x1={x + taskW / 2} y1={joinY} x2={x + width - taskW / 2} y2={joinY} stroke="#0b0c0c" stroke-width="3" />}
    </g>
  );
}

/** The diagram in words, for the SVG's description. */
function describe(def: ProcessDefinition, names: AgencyNames): string {
  const number = new Map(def.steps.map((s, i) => [s.id, i + 1] as const));
  const target = (to: string) => (to === END ? 'kết thúc' : number.has(to) ? `bước ${number.get(to)}` : `bước «${to}» (không có)`);
  return def.steps
    .map((s, i) => {
      const tasks = s.tasks?.length ? `; song song: ${s.tasks.map((t) => `${names(t.agency)} ${t.task}`).join('; ')}` : '';
      const next = s.next.map((t) => `${transitionOutcomes[t.on]} sang ${target(t.to)}`).join(', ');
      return `Bước ${i + 1}, ${s.name}: ${stepKinds[s.kind]}, ${whoOf(s.responsible, names)}, ${formatHours(hoursOf(s.allotment))}${tasks}; ${next}.`;
    })
    .join(' ');
}

/** The steps as a table: the diagram's content for screen readers and for print. */
export function StepTable({ definition, names }: { definition: ProcessDefinition; names: AgencyNames }) {
  const number = new Map(definition.steps.map((s, i) => [s.id, i + 1] as const));
  const target = (to: string) => (to === END ? 'Kết thúc' : number.has(to) ? `Bước ${number.get(to)}` : `«${to}» (không có)`);
  return (
    <table class="step-table">
      <caption class="visually-hidden">Các bước của quy trình</caption>
      <thead>
        <tr>
          <th class="num">Bước</th>
          <th>Nội dung</th>
          <th>Người thực hiện</th>
          <th>Thời gian</th>
          <th>Tiếp theo</th>
        </tr>
      </thead>
      <tbody>
        {definition.steps.map((s, i) => (
          <tr key={`${s.id}-${i}`}>
            <td class="num">{i + 1}</td>
            <td>
              {s.name} <span class="muted">({stepKinds[s.kind]})</span>
              {s.tasks?.length ? (
                <ul>
                  {s.tasks.map((t, k) => (
                    <li key={k}>
                      {names(t.agency)}: {t.task} ({roleLabels[t.role]}, {formatHours(hoursOf(t.allotment))})
                    </li>
                  ))}
                </ul>
              ) : null}
            </td>
            <td>{whoOf(s.responsible, names)}</td>
            <td>{formatHours(hoursOf(s.allotment))}</td>
            <td>{s.next.map((t) => `${transitionOutcomes[t.on]}: ${target(t.to)}`).join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
