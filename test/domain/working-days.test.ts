import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { addWorkingDays, BANK_HOLIDAY_YEARS, bankHolidays, libraryBankHolidays, WorkingCalendar } from '../../src/domain/working-days';

const uk = (local: string): Date => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();
const show = (d: Date): string => DateTime.fromJSDate(d, { zone: 'Europe/London' }).toFormat("ccc d LLL yyyy HH:mm ZZZZ");

// [raised (UK local, or UTC with Z), working days, expected (UK local)]
const cases: [string, number, string][] = [
  // Christmas and New Year 2026-27 (Boxing Day on a Saturday: substitute Mon 28 Dec)
  ['2026-12-24T16:30', 1, '2026-12-29T16:30'],
  ['2026-12-26T12:00', 1, '2026-12-30T09:00'],
  ['2026-12-24T16:30', 2, '2026-12-30T16:30'],
  ['2026-12-24T16:30', 5, '2027-01-05T16:30'],
  ['2026-12-25T10:00', 1, '2026-12-30T09:00'],
  ['2026-12-28T08:00', 1, '2026-12-30T09:00'],
  ['2026-12-29T11:15', 1, '2026-12-30T11:15'],
  ['2026-12-30T14:00', 2, '2027-01-04T14:00'],
  ['2026-12-31T17:45', 1, '2027-01-04T17:45'],
  ['2026-12-31T09:00', 2, '2027-01-05T09:00'],
  ['2027-01-01T12:00', 1, '2027-01-05T09:00'],
  ['2027-01-03T23:59', 1, '2027-01-05T09:00'],
  ['2026-12-23T10:00', 1, '2026-12-24T10:00'],
  ['2026-12-23T10:00', 2, '2026-12-29T10:00'],
  ['2026-12-22T15:00', 5, '2026-12-31T15:00'],
  ['2026-12-24T16:30', 0, '2026-12-24T16:30'],
  ['2026-12-26T12:00', 0, '2026-12-29T09:00'],
  // Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar) with the spring clock change on Sun 28 Mar
  ['2027-03-25T10:00', 1, '2027-03-30T10:00'],
  ['2027-03-25T16:30', 2, '2027-03-31T16:30'],
  ['2027-03-26T09:30', 1, '2027-03-31T09:00'],
  ['2027-03-27T12:00', 1, '2027-03-31T09:00'],
  ['2027-03-28T00:30Z', 1, '2027-03-31T09:00'],
  ['2027-03-29T12:00', 1, '2027-03-31T09:00'],
  ['2027-03-24T09:00', 5, '2027-04-02T09:00'],
  ['2027-03-19T17:00', 5, '2027-03-30T17:00'],
  // Autumn clock change 2027 (Sun 31 Oct, 02:00 BST back to 01:00 GMT)
  ['2027-10-29T14:00', 1, '2027-11-01T14:00'],
  ['2027-10-28T10:00', 2, '2027-11-01T10:00'],
  ['2027-10-31T00:30Z', 1, '2027-11-02T09:00'],
  ['2027-10-30T12:00', 1, '2027-11-02T09:00'],
  ['2027-10-29T16:30', 2, '2027-11-02T16:30'],
  // Weekends
  ['2026-11-06T16:00', 1, '2026-11-09T16:00'],
  ['2026-11-06T16:00', 2, '2026-11-10T16:00'],
  ['2026-11-07T10:00', 1, '2026-11-10T09:00'],
  ['2026-11-08T20:00', 2, '2026-11-11T09:00'],
  ['2026-11-09T00:15', 1, '2026-11-10T00:15'],
  // Early May bank holiday 2027 and the spring clock change 2026
  ['2027-04-30T12:00', 1, '2027-05-04T12:00'],
  ['2027-04-29T09:00', 2, '2027-05-04T09:00'],
  ['2026-03-27T10:00', 1, '2026-03-30T10:00'],
];

const moment = (text: string): Date => (text.endsWith('Z') ? new Date(text) : uk(text));

describe('working days (England and Wales, UK time)', () => {
  for (const [raised, days, expected] of cases) {
    it(`${raised} + ${days} working day(s) = ${expected}`, () => {
      const due = addWorkingDays(moment(raised), days);
      assert.equal(show(due), show(uk(expected)));
    });
  }

  it('knows the 2026 Boxing Day substitute and the 2027 Christmas substitutes', () => {
    assert.ok(bankHolidays(2026).has('2026-12-28'));
    assert.ok(bankHolidays(2027).has('2027-12-27'));
    assert.ok(bankHolidays(2027).has('2027-12-28'));
    assert.ok(!bankHolidays(2027).has('2027-03-14'), 'Mother\'s Day is an observance, not a bank holiday');
  });

  it('holds, in its written table, exactly the bank holidays the installed date-holidays computes for every year', () => {
    // Fails after an upgrade of date-holidays that changes any day: run `npm run holidays` and commit the table.
    for (let year = BANK_HOLIDAY_YEARS.from; year <= BANK_HOLIDAY_YEARS.to; year++) {
      assert.deepEqual([...bankHolidays(year)].sort(), [...libraryBankHolidays(year)].sort(), `${year}: the table differs from date-holidays; run npm run holidays`);
    }
  });

  it('asks date-holidays for a year outside the written table', () => {
    assert.ok(BANK_HOLIDAY_YEARS.to < 2100);
    // Christmas Day 2100 is a Saturday: Monday 27 and Tuesday 28 December are the substitutes.
    assert.ok(bankHolidays(2100).has('2100-12-27'));
    assert.ok(bankHolidays(2100).has('2100-12-28'));
    assert.equal(show(addWorkingDays(uk('2100-12-24T10:00'), 1)), show(uk('2100-12-29T10:00')));
  });

  it('skips a partnership\'s extra closure days', () => {
    const calendar = new WorkingCalendar({ closures: ['2026-12-24'] });
    assert.equal(show(calendar.addWorkingDays(uk('2026-12-23T10:00'), 1)), show(uk('2026-12-29T10:00')));
  });

  it('uses the configured start of the working day for moments on non-working days', () => {
    const calendar = new WorkingCalendar({ dayStart: '08:30' });
    assert.equal(show(calendar.addWorkingDays(uk('2026-12-26T12:00'), 1)), show(uk('2026-12-30T08:30')));
  });

  it('puts "the same working day" at 17:00 that day, or the next working day after hours', () => {
    const calendar = new WorkingCalendar();
    assert.equal(show(calendar.endOfSameWorkingDay(uk('2026-12-24T10:00'))), show(uk('2026-12-24T17:00')));
    assert.equal(show(calendar.endOfSameWorkingDay(uk('2026-12-24T17:30'))), show(uk('2026-12-29T17:00')));
    assert.equal(show(calendar.endOfSameWorkingDay(uk('2026-12-26T11:00'))), show(uk('2026-12-29T17:00')));
    assert.equal(show(new WorkingCalendar({ dayEnd: '16:00' }).endOfSameWorkingDay(uk('2026-12-23T10:00'))), show(uk('2026-12-23T16:00')));
  });

  it('refuses settings it cannot honour, naming them', () => {
    assert.throws(() => new WorkingCalendar({ dayStart: '9am' }), /dayStart/);
    assert.throws(() => new WorkingCalendar({ closures: ['24/12/2026'] }), /Closure day/);
    assert.throws(() => addWorkingDays(new Date(), -1), /whole number/);
  });
});

describe('working hours for reminders', () => {
  const calendar = new WorkingCalendar();
  const cases: [string, string][] = [
    ['2027-01-05T10:00', '2027-01-05T10:00'],
    ['2027-01-05T20:30', '2027-01-06T09:00'],
    ['2027-01-05T07:15', '2027-01-05T09:00'],
    ['2026-12-24T17:00', '2026-12-29T09:00'],
    ['2027-01-02T11:00', '2027-01-04T09:00'],
  ];
  for (const [at, expected] of cases) {
    it(`a reminder due ${at} goes out ${expected}`, () => {
      assert.equal(show(calendar.nextWorkingHour(uk(at))), show(uk(expected)));
    });
  }
});

describe('working hours before a deadline', () => {
  const calendar = new WorkingCalendar();
  const cases: [string, number, string][] = [
    ['2026-12-29T16:30', 2, '2026-12-29T14:30'],
    ['2026-12-29T10:00', 2, '2026-12-24T16:00'],
    ['2026-12-29T09:00', 2, '2026-12-24T15:00'],
    ['2027-01-05T20:30', 2, '2027-01-05T15:00'],
    ['2027-01-04T08:00', 2, '2026-12-31T15:00'],
  ];
  for (const [due, hours, expected] of cases) {
    it(`${hours} working hours before ${due} is ${expected}`, () => {
      assert.equal(show(calendar.subtractWorkingHours(uk(due), hours)), show(uk(expected)));
    });
  }
});

describe('working hours after a moment ("within four working hours")', () => {
  const calendar = new WorkingCalendar();
  const cases: [string, number, string][] = [
    ['2026-12-04T15:00', 4, '2026-12-07T11:00'], // Friday afternoon into Monday
    ['2026-12-24T16:00', 4, '2026-12-29T12:00'], // Christmas Eve, over Christmas and the Boxing Day substitute
    ['2026-12-05T10:00', 4, '2026-12-07T13:00'], // a Saturday counts from Monday's start
    ['2026-12-07T08:00', 4, '2026-12-07T13:00'], // before the day starts
    ['2026-12-07T17:30', 1, '2026-12-08T10:00'], // after it ends
    ['2027-03-25T15:00', 4, '2027-03-30T11:00'], // Easter (Good Friday, Easter Monday) and the spring clock change
  ];
  for (const [from, hours, expected] of cases) {
    it(`${hours} working hours after ${from} is ${expected}`, () => {
      assert.equal(show(calendar.addWorkingHours(uk(from), hours)), show(uk(expected)));
    });
  }
});
