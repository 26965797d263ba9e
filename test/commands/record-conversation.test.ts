import assert from 'node:assert/strict';
import { people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

const record = { id: 'r1', heldAt: uk('2026-12-29T09:00').toISOString(), participants: 'Alex, Sam', discussed: 'Attendance', agreed: 'Home visit' };

describe('record-conversation', () => {
  it('is attributed to who recorded it; a correction points at the record it corrects', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'record-conversation', record });
    given(d).when(people.sam, uk('2026-12-29T11:00'), { kind: 'record-conversation', record: { ...record, id: 'r2', corrects: 'nope' } }).refused('invalid', /does not exist/);
    const corrected = given(d).when(people.sam, uk('2026-12-29T11:00'), { kind: 'record-conversation', record: { ...record, id: 'r2', corrects: 'r1', agreed: 'Visit Thursday' } })
      .then([{ type: 'conversation-recorded' }], [{ type: 'post-to-thread', notice: { kind: 'conversation-recorded' } }]).state;
    assert.deepEqual(corrected.records.map((r) => [r.id, r.by.name, r.corrects]), [['r1', 'Alex Morgan', undefined], ['r2', 'Sam Taylor', 'r1']]);
  });

  it('the same record twice is kept once; a record says who took part and what was discussed', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'record-conversation', record });
    given(d).when(people.alex, uk('2026-12-29T10:01'), { kind: 'record-conversation', record }).nothingHappens();
    given(d).when(people.alex, uk('2026-12-29T10:01'), { kind: 'record-conversation', record: { ...record, id: 'r3', discussed: '' } }).refused('invalid', /what was discussed/);
  });

  it('the state keeps the ten most recent records and counts the rest', () => {
    let d = raised();
    for (let i = 0; i < 12; i++) d = run(d, people.alex, uk('2026-12-29T10:00'), { kind: 'record-conversation', record: { ...record, id: `r${i}` } });
    assert.equal(d.records.length, 10);
    assert.equal(d.earlierRecords, 2);
    given(d).when(people.sam, uk('2026-12-29T11:00'), { kind: 'record-conversation', record: { ...record, id: 'x', corrects: 'r0' } }).refused('invalid', /Only the 10 most recent records/);
  });

  it('nobody outside the dispute adds one', () => {
    given(raised()).when(people.stranger, uk('2026-12-29T10:00'), { kind: 'record-conversation', record }).refused('not-allowed', /not a party to PD-2026-0001/);
  });
});
