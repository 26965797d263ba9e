import assert from 'node:assert/strict';
import { as, expire, people, raised, raiseInput, run, uk } from '../support/dispute-fixtures';
import { given, mentioned, told } from '../support/given';

const school = 'Hillside Primary School';
const priyaManager = { ...people.priya, agency: school, rungs: ['first-line'] };
const noManager = () => {
  const input = raiseInput({ designatedLead: people.morgan });
  input.sides = { ...input.sides, raiser: { ...input.sides.raiser, managers: { 'first-line': [], senior: [], director: [] } } };
  return run(null, people.alex, uk('2026-12-24T16:30'), { kind: 'raise', ...input });
};

describe('name-manager', () => {
  it('the professional names their manager, who is mentioned at once if their stage has come; the designated lead is told', () => {
    const s2 = expire(noManager());
    given(s2).when(people.jo, uk('2026-12-30T09:00'), { kind: 'name-manager', rung: 'first-line', manager: priyaManager }).refused('not-allowed', /names their own manager/);
    given(s2).when(people.alex, uk('2026-12-30T09:00'), { kind: 'name-manager', rung: 'first-line', manager: { ...people.sam, agency: school, rungs: ['first-line'] } }).refused('invalid', /not one of the two professionals/);
    const then = given(s2).when(people.alex, uk('2026-12-30T09:00'), { kind: 'name-manager', rung: 'first-line', manager: priyaManager }).then([{ type: 'manager-named', side: 'raiser', rung: 'first-line' }]);
    assert.deepEqual(mentioned(then.decision), ['Priya Shah']);
    assert.deepEqual(told(then.decision), [['Morgan Reid', 'manager-named']]);
    assert.deepEqual(then.state.sides.raiser.managers['first-line'], [people.priya], 'only who the manager is is kept, not the directory\'s details');
    assert.equal(as(then.state, people.priya).role.kind, 'manager', 'Priya now acts as the raiser\'s manager');
    given(then.state).when(people.alex, uk('2026-12-30T09:05'), { kind: 'name-manager', rung: 'first-line', manager: priyaManager }).nothingHappens();
  });

  it('a manager named must be in the professional\'s own agency, at that level, and only where none is known', () => {
    const s1 = noManager();
    given(s1).when(people.alex, uk('2026-12-29T09:00'), { kind: 'name-manager', rung: 'first-line', manager: { ...people.jo, agency: 'Children\'s Social Care', rungs: ['first-line'] } }).refused('invalid', /own agency/);
    given(s1).when(people.alex, uk('2026-12-29T09:00'), { kind: 'name-manager', rung: 'senior', manager: priyaManager }).refused('invalid', /not listed .* as a senior manager/);
    const outsider = { ...people.stranger, agency: school, rungs: ['first-line'] };
    given(raised()).when(people.alex, uk('2026-12-29T09:00'), { kind: 'name-manager', rung: 'first-line', manager: outsider }).refused('not-allowed', /already known \(Priya Shah\)/);
    given(raised()).when(people.sam, uk('2026-12-29T09:00'), { kind: 'name-manager', rung: 'senior', manager: outsider }).refused('not-allowed', /already known/);
  });

  it('where one agency has no managers at all, the other agency\'s managers still carry the ladder', () => {
    const s2 = expire(noManager());
    assert.equal(s2.stage, 2);
    assert.equal(expire(s2).stage, 3, 'the ladder does not stop');
  });
});
