import { describe, expect, it } from 'vitest';
import { snoozeChoices } from '../../web/features/mail/commands/snooze-times';

/** The choices as "label day hh:mm" in the local zone, as the picker shows them. */
function choicesAt(now: Date): string[] {
  return snoozeChoices(now).map(({ label, at }) => `${label} ${at.getDate()} ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`);
}

describe('the snooze picker\'s times', () => {
  it('on a Thursday morning: later today at a whole hour at least three hours on, tomorrow at 8, Monday at 8', () => {
    // Thursday 3 December 2026, 10:20 local time.
    expect(choicesAt(new Date(2026, 11, 3, 10, 20))).toEqual(['Later today 3 14:00', 'Tomorrow 4 08:00', 'Next week 7 08:00']);
  });

  it('leaves out "Later today" once that would be tomorrow', () => {
    expect(choicesAt(new Date(2026, 11, 3, 20, 30))).toEqual(['Tomorrow 4 08:00', 'Next week 7 08:00']);
  });

  it('on a Sunday "Tomorrow" is next week already; across a month\'s end the dates roll over', () => {
    expect(choicesAt(new Date(2026, 0, 31, 9, 0))).toEqual(['Later today 31 13:00', 'Tomorrow 1 08:00', 'Next week 2 08:00']);
    expect(choicesAt(new Date(2026, 11, 6, 9, 0))).toEqual(['Later today 6 13:00', 'Tomorrow 7 08:00']);
  });
});
