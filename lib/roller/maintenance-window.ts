// `spec.maintenanceTimeWindows`: Quartz cron expressions, read as Strimzi reads
// them: the time is inside a window when the expression matches the current
// second, in UTC. So `* * 0-1 ? * SUN,MON` is every second from 00:00:00 to
// 01:59:59 on Sundays and Mondays.
//
// The subset implemented is the one Strimzi's users write:
//   fields   `second minute hour day-of-month month day-of-week [year]`
//   values   numbers; months JAN-DEC; days SUN-SAT or 1-7 with 1 = Sunday (Quartz's numbering)
//   forms    `*`, `a`, `a-b`, lists `a,b-c`, steps `*/n`, `a/n`, `a-b/n`
//   `?`      in day-of-month or day-of-week, and exactly one of the two (Quartz rejects both or neither)
// Not implemented, and reported as invalid: `L`, `W`, `LW`, `#` and wrapping ranges (`FRI-MON`).

type Field = "second" | "minute" | "hour" | "dayOfMonth" | "month" | "dayOfWeek" | "year";

const BOUNDS: Record<Field, readonly [number, number]> = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [1, 7],
  year: [1970, 2199],
};

const NAMES: Partial<Record<Field, readonly string[]>> = {
  month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
};

const FIELDS: readonly Field[] = ["second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek", "year"];

/** Allowed values per field; `undefined` is `?` (no constraint). */
export type CronSchedule = Record<Field, ReadonlySet<number> | undefined>;

export type CronParse = { ok: true; schedule: CronSchedule } | { ok: false; message: string };

function value(text: string, field: Field): number | undefined {
  const names = NAMES[field];
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  const [min, max] = BOUNDS[field];
  return n >= min && n <= max ? n : undefined;
}

function parseField(text: string, field: Field): { ok: true; values: ReadonlySet<number> } | { ok: false; message: string } {
  const [min, max] = BOUNDS[field];
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    const range = match?.[1];
    const step = match?.[2] === undefined ? 1 : Number(match[2]);
    if (range === undefined || step < 1) return { ok: false, message: `${field} "${part}" is not a value, range or step` };
    let from: number | undefined;
    let to: number | undefined;
    if (range === "*") {
      [from, to] = [min, max];
    } else {
      const bounds = range.split("-");
      from = bounds[0] === undefined ? undefined : value(bounds[0], field);
      to = bounds.length === 1 ? (match?.[2] === undefined ? from : max) : bounds.length === 2 && bounds[1] !== undefined ? value(bounds[1], field) : undefined;
    }
    if (from === undefined || to === undefined) return { ok: false, message: `${field} "${part}" is outside ${min}-${max} or not supported` };
    if (from > to) return { ok: false, message: `${field} "${part}" is a wrapping range, which is not supported` };
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return { ok: true, values };
}

export function parseQuartzCron(expression: string): CronParse {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 6 && parts.length !== 7) {
    return { ok: false, message: `"${expression}" has ${parts.length} fields; a Quartz cron expression has 6 or 7` };
  }
  if ((parts[3] === "?") === (parts[5] === "?")) {
    return { ok: false, message: `"${expression}": exactly one of day-of-month and day-of-week must be "?"` };
  }
  const schedule: Partial<CronSchedule> = {};
  for (const [index, field] of FIELDS.entries()) {
    const text = parts[index];
    // No year field is any year; `?` is no constraint.
    if (text === undefined || text === "?") {
      schedule[field] = undefined;
      continue;
    }
    const parsed = parseField(text, field);
    if (!parsed.ok) return { ok: false, message: `"${expression}": ${parsed.message}` };
    schedule[field] = parsed.values;
  }
  return { ok: true, schedule: schedule as CronSchedule };
}

export function matchesSecond(schedule: CronSchedule, at: Date): boolean {
  const actual: Record<Field, number> = {
    second: at.getUTCSeconds(),
    minute: at.getUTCMinutes(),
    hour: at.getUTCHours(),
    dayOfMonth: at.getUTCDate(),
    month: at.getUTCMonth() + 1,
    dayOfWeek: at.getUTCDay() + 1,
    year: at.getUTCFullYear(),
  };
  return FIELDS.every((field) => schedule[field]?.has(actual[field]) ?? true);
}

export interface MaintenanceWindowCheck {
  within: boolean;
  /** Expressions that could not be read, with why; they never match. */
  invalid: Array<{ expression: string; message: string }>;
}

/** No windows means any time; otherwise `now` must fall in one of the valid ones. */
export function withinMaintenanceWindows(windows: readonly string[] | undefined, now: Date): MaintenanceWindowCheck {
  if (!windows || windows.length === 0) return { within: true, invalid: [] };
  const invalid: MaintenanceWindowCheck["invalid"] = [];
  let within = false;
  for (const expression of windows) {
    const parsed = parseQuartzCron(expression);
    if (!parsed.ok) invalid.push({ expression, message: parsed.message });
    else if (matchesSecond(parsed.schedule, now)) within = true;
  }
  return { within, invalid };
}

/** How far ahead a next window is looked for: four years and a day holds every 29 February. */
const HORIZON_DAYS = 4 * 365 + 2;
const DAY_MS = 86_400_000;

const sorted = (values: ReadonlySet<number> | undefined, [min, max]: readonly [number, number]): number[] =>
  values ? [...values].sort((a, b) => a - b) : Array.from({ length: max - min + 1 }, (_, i) => min + i);

/** The first second of `day` (UTC midnight) at or after `from` that the schedule matches. */
function firstSecondOfDay(schedule: CronSchedule, day: Date, from: Date): Date | undefined {
  const matchesDay = schedule.year?.has(day.getUTCFullYear()) ?? true;
  if (!matchesDay || !(schedule.month?.has(day.getUTCMonth() + 1) ?? true) || !(schedule.dayOfMonth?.has(day.getUTCDate()) ?? true)
    || !(schedule.dayOfWeek?.has(day.getUTCDay() + 1) ?? true)) return undefined;
  const floor = Math.ceil((from.getTime() - day.getTime()) / 1000);
  for (const hour of sorted(schedule.hour, BOUNDS.hour)) {
    if ((hour + 1) * 3600 <= floor) continue;
    for (const minute of sorted(schedule.minute, BOUNDS.minute)) {
      if (hour * 3600 + (minute + 1) * 60 <= floor) continue;
      for (const second of sorted(schedule.second, BOUNDS.second)) {
        const offset = hour * 3600 + minute * 60 + second;
        if (offset >= floor) return new Date(day.getTime() + offset * 1000);
      }
    }
  }
  return undefined;
}

/**
 * When the next maintenance time window opens: the first second at or after
 * `now` that a valid expression matches, looked for over the next four years;
 * undefined when no window opens in that time (or none is valid).
 */
export function nextWindowStart(windows: readonly string[] | undefined, now: Date): Date | undefined {
  const schedules = (windows ?? []).flatMap((w) => {
    const parsed = parseQuartzCron(w);
    return parsed.ok ? [parsed.schedule] : [];
  });
  if (schedules.length === 0) return undefined;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let d = 0; d <= HORIZON_DAYS; d++) {
    const day = new Date(today + d * DAY_MS);
    const starts = schedules.flatMap((s) => firstSecondOfDay(s, day, now) ?? []);
    if (starts.length > 0) return new Date(Math.min(...starts.map((s) => s.getTime())));
  }
  return undefined;
}
