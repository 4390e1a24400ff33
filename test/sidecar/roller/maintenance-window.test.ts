import t from "tap";
import { matchesSecond, nextWindowStart, parseQuartzCron, withinMaintenanceWindows } from "../../../lib/roller/maintenance-window.js";

const matches = (expression: string, at: string): boolean => {
  const parsed = parseQuartzCron(expression);
  if (!parsed.ok) throw new Error(parsed.message);
  return matchesSecond(parsed.schedule, new Date(at));
};

t.test("Strimzi's documented example: every second of 00:00-01:59 UTC, every day", async (t) => {
  const expression = "* * 0-1 ? * SUN,MON,TUE,WED,THU,FRI,SAT";
  t.equal(matches(expression, "2026-11-24T00:00:00Z"), true);
  t.equal(matches(expression, "2026-11-24T01:59:59Z"), true);
  t.equal(matches(expression, "2026-11-24T02:00:00Z"), false);
  t.equal(matches(expression, "2026-11-23T23:59:59Z"), false);
});

t.test("days of the week count from Sunday = 1, as in Quartz", async (t) => {
  // 2026-11-22 is a Sunday.
  t.equal(matches("* * * ? * 1", "2026-11-22T10:00:00Z"), true);
  t.equal(matches("* * * ? * SUN", "2026-11-22T10:00:00Z"), true);
  t.equal(matches("* * * ? * 2-6", "2026-11-22T10:00:00Z"), false);
  t.equal(matches("* * * ? * mon-fri", "2026-11-24T10:00:00Z"), true);
  t.equal(matches("* * * ? * 7", "2026-11-28T10:00:00Z"), true);
});

t.test("values, ranges, lists and steps in every field", async (t) => {
  t.equal(matches("0 0/15 * * * ?", "2026-11-24T10:45:00Z"), true);
  t.equal(matches("0 0/15 * * * ?", "2026-11-24T10:46:00Z"), false);
  t.equal(matches("0 0/15 * * * ?", "2026-11-24T10:45:01Z"), false, "second 0 only");
  t.equal(matches("* 10-50/20 * * * ?", "2026-11-24T10:30:00Z"), true);
  t.equal(matches("* 10-50/20 * * * ?", "2026-11-24T10:40:00Z"), false);
  t.equal(matches("* * */6 * * ?", "2026-11-24T18:00:00Z"), true);
  t.equal(matches("* * 3 1,15 * ?", "2026-11-15T03:10:00Z"), true);
  t.equal(matches("* * 3 1,15 * ?", "2026-11-16T03:10:00Z"), false);
  t.equal(matches("* * * 24 NOV,DEC ?", "2026-11-24T03:10:00Z"), true);
  t.equal(matches("* * * 24 1-10 ?", "2026-11-24T03:10:00Z"), false);
  t.equal(matches("* * * 24 11 ? 2026", "2026-11-24T03:10:00Z"), true);
  t.equal(matches("* * * 24 11 ? 2027", "2026-11-24T03:10:00Z"), false);
});

t.test("what the subset rejects, and why", async (t) => {
  const message = (expression: string): string => {
    const parsed = parseQuartzCron(expression);
    return parsed.ok ? "ok" : parsed.message;
  };
  t.equal(message("* * *"), "\"* * *\" has 3 fields; a Quartz cron expression has 6 or 7");
  t.equal(message("* * * * * *"), "\"* * * * * *\": exactly one of day-of-month and day-of-week must be \"?\"");
  t.equal(message("* * * ? * ?"), "\"* * * ? * ?\": exactly one of day-of-month and day-of-week must be \"?\"");
  t.equal(message("* * 24 ? * *"), "\"* * 24 ? * *\": hour \"24\" is outside 0-23 or not supported");
  t.equal(message("* * * L * ?"), "\"* * * L * ?\": dayOfMonth \"L\" is outside 1-31 or not supported");
  t.equal(message("* * * ? * 6#3"), "\"* * * ? * 6#3\": dayOfWeek \"6#3\" is outside 1-7 or not supported");
  t.equal(message("* * * ? * FRI-MON"), "\"* * * ? * FRI-MON\": dayOfWeek \"FRI-MON\" is a wrapping range, which is not supported");
  t.equal(message("* */0 * ? * *"), "\"* */0 * ? * *\": minute \"*/0\" is not a value, range or step");
});

t.test("a list of windows: any valid one; none means any time", async (t) => {
  const at = new Date("2026-11-24T03:00:00Z");
  t.strictSame(withinMaintenanceWindows(undefined, at), { within: true, invalid: [] });
  t.strictSame(withinMaintenanceWindows([], at), { within: true, invalid: [] });
  t.strictSame(withinMaintenanceWindows(["* * 0-1 ? * *", "* * 3 ? * TUE"], at), { within: true, invalid: [] });
  t.strictSame(withinMaintenanceWindows(["* * 0-1 ? * *", "bad"], at), {
    within: false,
    invalid: [{ expression: "bad", message: "\"bad\" has 1 fields; a Quartz cron expression has 6 or 7" }],
  });
});

t.test("when the next window opens: the first matching second at or after now", async (t) => {
  const next = (windows: string[], now: string): string | undefined => nextWindowStart(windows, new Date(now))?.toISOString();
  const tuesdayNoon = "2026-11-24T12:00:00.000Z";
  t.equal(next(["* * 2-3 ? * *"], tuesdayNoon), "2026-11-25T02:00:00.000Z", "tomorrow at 02:00");
  t.equal(next(["* * 10-13 ? * *"], tuesdayNoon), tuesdayNoon, "inside a window: now");
  t.equal(next(["* * 10-13 ? * *"], "2026-11-24T12:00:00.400Z"), "2026-11-24T12:00:01.000Z", "whole seconds");
  t.equal(next(["0 30 22 ? * SAT,SUN"], tuesdayNoon), "2026-11-28T22:30:00.000Z", "the weekend");
  t.equal(next(["0 30 22 ? * SAT,SUN", "0 0 1 25 12 ?"], tuesdayNoon), "2026-11-28T22:30:00.000Z", "the earliest of several");
  t.equal(next(["0 0 1 25 12 ?"], "2026-12-25T01:00:01Z"), "2027-12-25T01:00:00.000Z", "next year's, once this year's has passed");
  t.equal(next(["0 0 0 29 FEB ?"], tuesdayNoon), "2028-02-29T00:00:00.000Z", "a leap day");
  t.equal(next(["* * * 29 FEB ? 2199"], tuesdayNoon), undefined, "none within four years");
  t.equal(next(["bad"], tuesdayNoon), undefined, "no valid window");
  t.equal(next([], tuesdayNoon), undefined);
});
