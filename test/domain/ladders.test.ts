import assert from 'node:assert/strict';
import path from 'node:path';
import type { OpenDispute, PersonRef } from '../../src/domain/dispute';
import { PROTOCOLS_DIR, readProtocolFile, resolveRoute } from '../../src/protocols/protocol-file';
import { ctx, PARTNERSHIP, people, personIn, raised, run, SETTINGS, system, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

/** The IRO protocol, as data: an informal step, levels that may be skipped, Cafcass, 20 working days. */
const iro = resolveRoute(readProtocolFile(path.join(PROTOCOLS_DIR, 'iro.json')), 'standard', SETTINGS);
const iroManager: PersonRef = personIn(PARTNERSHIP, 21, 'Ivy Rowe');
const head: PersonRef = personIn(PARTNERSHIP, 22, 'Hana Head');
const director: PersonRef = personIn(PARTNERSHIP, 23, 'Dee Director');
const chain = (managers: Record<string, PersonRef[]>) => managers;

function iroDispute(at = uk('2027-02-01T10:00')): OpenDispute {
  return raised(
    {
      protocol: iro,
      bodies: {},
      sides: {
        raiser: { professional: people.alex, agency: 'Independent Reviewing Service', managers: chain({ 'team-manager': [iroManager] }) },
        respondent: { professional: people.sam, agency: 'Children\'s Social Care', managers: chain({ 'team-manager': [people.jo], 'service-manager': [people.chris], 'head-of-service': [head], director: [director] }) },
      },
    },
    at,
  ) as OpenDispute;
}

describe('the IRO protocol, from its file', () => {
  it('the informal step does not move on by the clock: the IRO moves it to Stage 1 when they judge it right', () => {
    const d = iroDispute();
    const ranOut = given(d).when(system, new Date(d.deadline.due), { kind: 'deadline-reached', due: d.deadline.due })
      .then([{ type: 'approval-awaited' }], [{ type: 'post-to-thread', notice: { kind: 'approval-needed', stage: 2, reminder: false } }]).state;
    given(d).when(people.sam, uk('2027-02-01T11:00'), { kind: 'request-escalation', reason: 'x' }).refused('wrong-state', /move it to Stage 1: Team Manager yourself/);
    const formal = given(ranOut).when(people.alex, uk('2027-02-09T10:00'), { kind: 'approve-escalation', fromStage: 1, reason: 'No change to the plan' })
      .then([{ type: 'stage-entered', stage: 2, how: 'approved' }], [{ type: 'post-to-thread', mention: [people.jo] }]).state;
    assert.equal(formal.stage, 2);
  });

  it('the IRO Manager may pass Stage 2 and Stage 3 over, with a reason; the Team Manager may not', () => {
    const atStage1 = run(iroDispute(), people.alex, uk('2027-02-02T10:00'), { kind: 'approve-escalation', fromStage: 1 });
    given(atStage1).when(people.jo, uk('2027-02-02T11:00'), { kind: 'approve-escalation', fromStage: 2, toStage: 4, reason: 'x' }).refused('not-allowed', /IRO|raising professional's Team Manager/);
    given(atStage1).when(iroManager, uk('2027-02-02T11:00'), { kind: 'approve-escalation', fromStage: 2, toStage: 4 }).refused('invalid', /reason/);
    const head_ = given(atStage1).when(iroManager, uk('2027-02-02T11:00'), { kind: 'approve-escalation', fromStage: 2, toStage: 4, reason: 'The placement breaks down today' })
      .then([{ type: 'stage-entered', stage: 4, skipped: [3] }], [{ type: 'post-to-thread', mention: [head] }]).state;
    assert.deepEqual(head_.stages.at(-1)?.skipped, [3]);
    given(head_).when(head, uk('2027-02-03T10:00'), { kind: 'record-decision', decision: 'Placement plan revised', actions: [] }).then([{ type: 'decision-recorded', stage: 4 }]);
  });

  it('every level\'s deadline is capped by the 20 working days the whole process must finish within', () => {
    let d: OpenDispute = iroDispute(uk('2027-02-01T10:00'));
    d = run(d, people.alex, uk('2027-02-19T10:00'), { kind: 'approve-escalation', fromStage: 1 }) as OpenDispute;
    d = run(d, people.jo, uk('2027-02-24T10:00'), { kind: 'approve-escalation', fromStage: 2 }) as OpenDispute;
    const cap = ctx.calendar.addWorkingDays(uk('2027-02-01T10:00'), 20);
    assert.ok(new Date(d.deadline.due) <= cap, `${d.deadline.due} is no later than ${cap.toISOString()}`);
    assert.equal(d.deadline.due, cap.toISOString(), 'Stage 2\'s three working days would run past the limit');
  });

  it('the IRO can refer to Cafcass at any level, once, with a reason; nobody else can', () => {
    const d = iroDispute();
    given(d).when(people.sam, uk('2027-02-01T11:00'), { kind: 'refer-outside', reason: 'x' }).refused('not-allowed', /Cafcass/);
    given(d).when(people.alex, uk('2027-02-01T11:00'), { kind: 'refer-outside', reason: ' ' }).refused('invalid');
    const referred = given(d).when(people.alex, uk('2027-02-01T11:00'), { kind: 'refer-outside', reason: 'Human rights breached; not resolved' })
      .then([{ type: 'referred-outside', to: 'Cafcass' }]).state;
    given(referred).when(people.alex, uk('2027-02-01T11:05'), { kind: 'refer-outside', reason: 'again' }).nothingHappens();
  });
});
