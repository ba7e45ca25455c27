const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** The demo clinic keeps office hours at UTC−5 (no daylight saving: the demo needs no time zone data). */
const CLINIC_UTC_OFFSET_HOURS = -5;

/** The hours a therapist sees clients, clinic time: 50-minute sessions on the hour, a lunch break at noon. */
export const OFFICE_HOURS = [9, 10, 11, 13, 14, 15, 16, 17] as const;
export const WEEKDAYS = [0, 1, 2, 3, 4] as const;

export interface Slot {
  /** 0 is Monday. */
  weekday: number;
  /** Clinic time. */
  hour: number;
}

/**
 * Dates relative to the day the demo practice was created (its organization's `createdAt`), not
 * to today: an interrupted run resumed later sends exactly the same requests. Week 1 is the last
 * full week, week 12 the one twelve weeks before; week 0 is the current one and week -1 the next.
 */
export class Calendar {
  private readonly monday: number;

  constructor(readonly anchor: Date) {
    const midnight = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate());
    this.monday = midnight - ((anchor.getUTCDay() + 6) % 7) * DAY_MS;
  }

  /** The instant of a clinic-time hour and minute on a weekday of a week. */
  at(weeksAgo: number, slot: Slot, minute = 0): Date {
    return new Date(this.monday - weeksAgo * WEEK_MS + slot.weekday * DAY_MS + ((slot.hour - CLINIC_UTC_OFFSET_HOURS) * 60 + minute) * 60_000);
  }

  /** The calendar day (YYYY-MM-DD, clinic time) of a weekday of a week. */
  day(weeksAgo: number, weekday: number): string {
    return new Date(this.monday - weeksAgo * WEEK_MS + weekday * DAY_MS).toISOString().slice(0, 10);
  }

  /**
   * Days are numbered from the current week's Monday (0; -1 is the Sunday of week 1): the number
   * of the clinic-time day an instant falls on.
   */
  dayNumber(at: Date): number {
    return Math.floor((at.getTime() + CLINIC_UTC_OFFSET_HOURS * 3_600_000 - this.monday) / DAY_MS);
  }

  /** The calendar day (YYYY-MM-DD) of a day number. */
  dayOf(dayNumber: number): string {
    return new Date(this.monday + dayNumber * DAY_MS).toISOString().slice(0, 10);
  }

  /** The instant of a clinic-time hour and minute on the day of a day number. */
  atDay(dayNumber: number, hour: number, minute = 0): Date {
    return new Date(this.monday + dayNumber * DAY_MS + ((hour - CLINIC_UTC_OFFSET_HOURS) * 60 + minute) * 60_000);
  }
}

/**
 * Who is booked when: no lead gets two sessions in one hour (the API refuses overlapping sessions
 * of one lead). A series asks for its usual slot each week and gets the next free one if taken.
 */
export class SlotBook {
  private readonly taken = new Set<string>();

  book(lead: string, weeksAgo: number, preferred: Slot, hours: readonly number[] = OFFICE_HOURS): Slot {
    const startDay = WEEKDAYS.indexOf(preferred.weekday as (typeof WEEKDAYS)[number]);
    const startHour = Math.max(0, hours.indexOf(preferred.hour));
    for (let d = 0; d < WEEKDAYS.length; d++) {
      for (let h = 0; h < hours.length; h++) {
        const slot = { weekday: WEEKDAYS[(startDay + d) % WEEKDAYS.length], hour: hours[(startHour + h) % hours.length] };
        const key = `${lead}|${weeksAgo}|${slot.weekday}|${slot.hour}`;
        if (this.taken.has(key)) continue;
        this.taken.add(key);
        return slot;
      }
    }
    throw new Error(`${lead} has no free hour left in week ${weeksAgo}`);
  }
}
