import { dueAt, timeliness, type FinishedTimeliness, type PendingTimeliness } from '../calendar/due-date.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { JointTask } from './process-definition.ts';

/**
 * How each participating agency's task of a joint step stands (Decree 118
 * Art. 20): the tasks run in parallel from the moment the step was entered (or
 * resumed after a supplement), each against its own allotment on the working
 * calendar, counted as processing counts a step's deadline. Finished tasks are
 * early, on time or late, pending ones within time or overdue, by the one
 * timeliness rule of dossiers (calendar/due-date.ts `timeliness`). Pure.
 */

export interface JointTaskTimeliness {
  due: Date;
  finishedAt: Date | null;
  timeliness: FinishedTimeliness | PendingTimeliness;
}

/** When the task is due: its allotment counted from `since`, the moment its joint step started. */
export function jointTaskDue(task: Pick<JointTask, 'allotment'>, since: Date, calendar: WorkingCalendar): Date {
  return dueAt(since, { value: task.allotment.amount, unit: task.allotment.unit }, calendar);
}

/** The task's deadline and how it stands: finished at `finishedAt`, or still pending at `now`. */
export function jointTaskTimeliness(
  task: Pick<JointTask, 'allotment'>,
  since: Date,
  finishedAt: Date | null,
  calendar: WorkingCalendar,
  now: Date,
): JointTaskTimeliness {
  const due = jointTaskDue(task, since, calendar);
  return { due, finishedAt, timeliness: timeliness(due, finishedAt, now) };
}
