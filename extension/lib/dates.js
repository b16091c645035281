// Dates as the service reads them: Python's date.fromisoformat (3.11+) for the
// taxonomy's dates, and the ISO date-times the service writes (published_at). Pure.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ISO_DATE_FORMS = [
  [/^(\d{4})-(\d{2})-(\d{2})$/, "calendar"],
  [/^(\d{4})(\d{2})(\d{2})$/, "calendar"],
  [/^(\d{4})-W(\d{2})(?:-(\d))?$/, "week"],
  [/^(\d{4})W(\d{2})(\d)?$/, "week"],
];

function isLeap(year) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (no Date quirks for years < 100). */
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** ISO weekday of a day number: Monday 1 ... Sunday 7 (1970-01-01 was a Thursday). */
function isoWeekday(days) {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/**
 * Days since 1970-01-01 for an ISO date as Python's `date.fromisoformat` (3.11+) reads it
 * (YYYY-MM-DD, YYYYMMDD and the week forms), or null.
 */
export function isoDayNumber(text) {
  if (typeof text !== "string") return null;
  for (const [form, kind] of ISO_DATE_FORMS) {
    const found = form.exec(text);
    if (found === null) continue;
    const [year, second, third] = found.slice(1).map((part) => Number(part ?? 1));
    if (year < 1) return null;
    return kind === "calendar" ? calendarDay(year, second, third) : weekDay(year, second, third);
  }
  return null;
}

function calendarDay(year, month, day) {
  if (month < 1 || month > 12) return null;
  const last = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day < 1 || day > last ? null : daysFromCivil(year, month, day);
}

function weekDay(year, week, day) {
  const janFirst = isoWeekday(daysFromCivil(year, 1, 1));
  const longYear = janFirst === 4 || (janFirst === 3 && isLeap(year));
  if (week < 1 || week > (longYear ? 53 : 52) || day < 1 || day > 7) return null;
  // 4 January is always in week 1.
  const janFourth = daysFromCivil(year, 1, 4);
  return janFourth - (isoWeekday(janFourth) - 1) + (week - 1) * 7 + (day - 1);
}

// date, then optionally T or space, hh[:mm[:ss[.ffffff]]] and Z or +hh:mm
const ISO_DATETIME = new RegExp(
  "^(\\d{4}-\\d{2}-\\d{2})" +
    "(?:[T ](\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,6})?)?)?(Z|[+-]\\d{2}:\\d{2})?)?$",
);

/** True for an ISO 8601 date-time such as Python's `datetime.isoformat()` writes. */
export function isIsoDateTime(text) {
  if (typeof text !== "string") return false;
  const found = ISO_DATETIME.exec(text);
  if (found === null || isoDayNumber(found[1]) === null) return false;
  const [hour = 0, minute = 0, second = 0] = found.slice(2, 5).map((p) => Number(p ?? 0));
  const zone = found[5];
  const zoneOk =
    !zone || zone === "Z" || (Number(zone.slice(1, 3)) < 24 && Number(zone.slice(4)) < 60);
  return hour < 24 && minute < 60 && second < 60 && zoneOk;
}
