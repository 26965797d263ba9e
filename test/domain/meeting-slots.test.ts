import assert from 'node:assert/strict';
import { freeSlots, inWorkingHours } from '../../src/domain/meeting-slots';
import { WorkingCalendar } from '../../src/domain/working-days';
import { formatMoment } from '../../src/domain/narrative';
import { uk } from '../support/dispute-fixtures';

const calendar = new WorkingCalendar();
const said = (slots: Date[]) => slots.map((s) => formatMoment(s.toISOString()));

describe('times for a meeting (UK working hours, England and Wales bank holidays)', () => {
  it('a meeting lies within one working day\'s hours', () => {
    assert.equal(inWorkingHours(calendar, uk('2027-01-04T09:00'), 60), true);
    assert.equal(inWorkingHours(calendar, uk('2027-01-04T16:00'), 60), true);
    assert.equal(inWorkingHours(calendar, uk('2027-01-04T16:30'), 60), false, 'would end at 17:30');
    assert.equal(inWorkingHours(calendar, uk('2027-01-04T08:30'), 30), false);
    assert.equal(inWorkingHours(calendar, uk('2026-12-28T10:00'), 60), false, 'the Boxing Day substitute holiday');
    assert.equal(inWorkingHours(calendar, uk('2027-01-02T10:00'), 60), false, 'a Saturday');
  });

  it('skips the Christmas and New Year bank holidays and the weekend, and at most two a day so the choice spans days', () => {
    const slots = freeSlots(calendar, uk('2026-12-24T15:10'), uk('2027-01-05T17:00'), 60, []);
    assert.deepEqual(said(slots), ['Thu 24 Dec 2026, 15:30', 'Thu 24 Dec 2026, 16:00', 'Tue 29 Dec 2026, 09:00', 'Tue 29 Dec 2026, 09:30', 'Wed 30 Dec 2026, 09:00']);
  });

  it('clear of everyone\'s busy times, and ending by the deadline', () => {
    const busy = [
      { start: uk('2027-01-04T09:00'), end: uk('2027-01-04T12:00') },
      { start: uk('2027-01-04T13:00'), end: uk('2027-01-04T17:00') },
    ];
    assert.deepEqual(said(freeSlots(calendar, uk('2027-01-04T08:00'), uk('2027-01-05T10:00'), 60, busy)), ['Mon 4 Jan 2027, 12:00', 'Tue 5 Jan 2027, 09:00']);
    assert.deepEqual(said(freeSlots(calendar, uk('2027-01-04T08:00'), uk('2027-01-04T17:00'), 90, busy)), [], 'no hour and a half free');
  });

  it('in British Summer Time, 09:00 is UK time, not UTC', () => {
    const [first] = freeSlots(calendar, uk('2027-06-01T07:00'), uk('2027-06-02T17:00'), 60, []);
    assert.equal(first!.toISOString(), '2027-06-01T08:00:00.000Z');
  });
});
