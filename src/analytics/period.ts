import { DateTime } from 'luxon';

const ZONE = 'Europe/London';

/**
 * A reporting period from what the secretariat types: "2026-Q4", "2026-10-01 2026-12-31", or
 * nothing for the last full quarter. Dates are UK days; `to` is the start of the day after.
 */
export function parsePeriod(text: string, now: Date): { from: Date; to: Date; label: string } | { error: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
  const quarter = (year: number, q: number) => {
    const from = DateTime.fromObject({ year, month: (q - 1) * 3 + 1, day: 1 }, { zone: ZONE });
    return { from: from.toJSDate(), to: from.plus({ months: 3 }).toJSDate(), label: `${year}-Q${q}` };
  };
  if (words.length === 0) {
    const current = DateTime.fromJSDate(now, { zone: ZONE });
    const last = current.startOf('quarter').minus({ days: 1 });
    return quarter(last.year, last.quarter);
  }
  const q = /^(\d{4})-?Q([1-4])$/i.exec(words[0]!);
  if (words.length === 1 && q) return quarter(Number(q[1]), Number(q[2]));
  if (words.length === 2 && words.every((w) => /^\d{4}-\d{2}-\d{2}$/.test(w))) {
    const from = day(words[0]!);
    const to = day(words[1]!);
    if (!from.isValid || !to.isValid) return { error: 'Those are not real dates.' };
    if (to < from) return { error: 'The period ends before it starts.' };
    return { from: from.toJSDate(), to: to.plus({ days: 1 }).toJSDate(), label: `${words[0]} to ${words[1]}` };
  }
  return { error: 'Type picture, picture 2026-Q4, or picture 2026-10-01 2026-12-31.' };
}
