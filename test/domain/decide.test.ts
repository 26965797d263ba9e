import assert from 'node:assert/strict';
import { decide } from '../../src/commands';
import { Dispute, OpenDispute } from '../../src/domain/dispute';
import type { Decision, Effect } from '../../src/domain/messages';
import type { CommandBody } from '../../src/commands';
import { as, command, ctx, expire, people, raised, raiseInput, run, seenByAll, system, uk } from '../support/dispute-fixtures';

function when(state: Dispute | null, who: Parameters<typeof command>[1], at: Date, body: CommandBody): Decision {
  return decide(state, command(state, who, at, body), ctx);
}

function refused(decision: Decision, code?: string): string {
  assert.equal(decision.ok, false, 'expected a refusal');
  if (decision.ok) return '';
  if (code) assert.equal(decision.refusal.code, code);
  return decision.refusal.message;
}

function accepted(decision: Decision): { types: string[]; effects: Effect[] } {
  if (!decision.ok) assert.fail(`refused: ${decision.refusal.message}`);
  return { types: decision.events.map((e) => e.type), effects: decision.effects };
}

const mentioned = (effects: Effect[]): string[] =>
  effects.flatMap((e) => ('mention' in e ? e.mention.map((p) => p.name) : [])).sort();

const open = (d: Dispute): OpenDispute => {
  assert.notEqual(d.status, 'closed');
  return d as OpenDispute;
};

describe('decide: raising a disagreement', () => {
  it('opens Stage 1 with a one-working-day deadline and the same-day written account', () => {
    const d = open(raised());
    assert.equal(d.stage, 1);
    assert.equal(d.deadline.due, uk('2026-12-29T16:30').toISOString());
    assert.equal(d.writtenAccountDue, uk('2026-12-24T17:00').toISOString());
    assert.equal(d.protocol.version, 'v17');
  });

  it('opens a thread mentioning both professionals and messages each of them', () => {
    const { effects } = accepted(when(null, people.alex, uk('2026-12-24T16:30'), { kind: 'raise', ...raiseInput() }));
    const thread = effects.find((e) => e.type === 'open-thread');
    assert.deepEqual(thread && 'mention' in thread && thread.mention.map((p) => p.name), ['Alex Morgan', 'Sam Taylor']);
    assert.deepEqual(effects.filter((e) => e.type === 'notify-person').map((e) => e.type === 'notify-person' && e.to.name), ['Alex Morgan', 'Sam Taylor']);
  });

  it('is refused for someone raising on another professional\'s behalf', () => {
    const message = refused(when(null, { ...people.sam, role: { kind: 'party', side: 'raiser' } }, uk('2026-12-24T16:30'), { kind: 'raise', ...raiseInput() }), 'not-allowed');
    assert.match(message, /raising/);
  });

  it('points a disagreement within one agency to the in-house procedure', () => {
    const input = raiseInput();
    input.sides = { ...input.sides, respondent: { ...input.sides.respondent, agency: 'Hillside Primary School' } };
    assert.match(refused(when(null, people.alex, uk('2026-12-24T16:30'), { kind: 'raise', ...input }), 'invalid'), /in-house/);
  });

  it('cannot raise the same dispute twice', () => {
    refused(when(raised(), people.alex, uk('2026-12-24T16:31'), { kind: 'raise', ...raiseInput() }), 'wrong-state');
  });

  it('with the child at immediate risk shows the emergency route and shrinks the clock to hours', () => {
    const decision = when(null, people.alex, uk('2026-12-24T16:30'), { kind: 'raise', ...raiseInput({ immediateRisk: true }) });
    const { types, effects } = accepted(decision);
    assert.deepEqual(types, ['raised', 'immediate-risk-declared']);
    assert.ok(effects.some((e) => e.type === 'show-emergency-route'));
    const d = open(raised({ immediateRisk: true }));
    assert.equal(d.deadline.due, uk('2026-12-24T20:30').toISOString(), 'four clock hours, not paused for Christmas');
  });
});

describe('decide: escalation when a timescale runs out', () => {
  it('Stage 1 runs out: Stage 2 mentions both first-line managers, due in 2 working days', () => {
    const d = raised();
    const { types, effects } = accepted(when(d, system, new Date(open(d).deadline.due), { kind: 'deadline-reached', due: open(d).deadline.due }));
    assert.deepEqual(types, ['stage-entered']);
    assert.deepEqual(mentioned(effects), ['Jo Evans', 'Priya Shah']);
    const s2 = open(expire(d));
    assert.equal(s2.stage, 2);
    assert.equal(s2.deadline.due, uk('2026-12-31T16:30').toISOString());
  });

  it('Stage 2 runs out: Stage 3 mentions both senior managers', () => {
    const s2 = seenByAll(expire(raised()));
    const decision = when(s2, system, new Date(open(s2).deadline.due), { kind: 'deadline-reached', due: open(s2).deadline.due });
    assert.deepEqual(mentioned(accepted(decision).effects), ['Chris Lee', 'Dan Okafor']);
    assert.equal(open(expire(s2)).deadline.due, uk('2027-01-05T16:30').toISOString());
  });

  it('Stage 3 runs out: waits for a senior manager\'s approval and reminds until someone decides', () => {
    const s3 = expire(expire(raised()));
    const waiting = open(expire(s3));
    assert.equal(waiting.status, 'awaiting-approval');
    assert.equal(waiting.stage, 3);
    const reminder = when(waiting, system, new Date(waiting.deadline.due), { kind: 'deadline-reached', due: waiting.deadline.due });
    const { types, effects } = accepted(reminder);
    assert.deepEqual(types, ['decision-reminder-scheduled']);
    assert.deepEqual(mentioned(effects), ['Chris Lee', 'Dan Okafor']);
    const again = open(expire(waiting));
    assert.ok(new Date(again.deadline.due) > new Date(waiting.deadline.due));
    assert.ok(ctx.calendar.isWorkingDay(new Date(again.deadline.due)));
  });

  it('a senior manager approves the referral: Stage 4, the written account goes to the secretariat', () => {
    const waiting = expire(expire(expire(raised())));
    const decision = when(waiting, people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 });
    const { effects } = accepted(decision);
    const account = effects.find((e) => e.type === 'send-written-account');
    assert.ok(account && account.type === 'send-written-account');
    assert.deepEqual(account.mention.map((p) => p.name), ['Morgan Reid']);
    const s4 = open(run(waiting, people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 }));
    assert.equal(s4.stage, 4);
    assert.equal(s4.deadline.due, uk('2027-01-12T17:00').toISOString(), '5 working days');
  });

  it('the Stage 4 deadline is the child-protective date when that is sooner', () => {
    const waiting = expire(expire(expire(raised())));
    const s4 = open(run(waiting, people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3, protectiveDeadline: uk('2027-01-07T12:00').toISOString() }));
    assert.equal(s4.deadline.due, uk('2027-01-07T12:00').toISOString());
  });

  it('a first-line manager cannot approve referral to the partnership', () => {
    const waiting = expire(expire(expire(raised())));
    assert.match(refused(when(waiting, people.priya, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 }), 'not-allowed'), /senior manager/);
  });

  it('a senior manager declines the referral with a reason: Stage 3 goes on with a fresh timescale', () => {
    const waiting = expire(expire(expire(raised())));
    refused(when(waiting, people.chris, uk('2027-01-05T17:00'), { kind: 'decline-escalation', fromStage: 3, reason: ' ' }), 'invalid');
    const d = open(run(waiting, people.chris, uk('2027-01-05T17:00'), { kind: 'decline-escalation', fromStage: 3, reason: 'Meeting on Thursday first' }));
    assert.equal(d.status, 'open');
    assert.equal(d.stage, 3);
    assert.equal(d.deadline.due, uk('2027-01-07T17:00').toISOString());
    assert.equal(d.declinedEscalations[0]?.reason, 'Meeting on Thursday first');
  });

  it('Stage 4 overdue: reminds the secretariat', () => {
    const s4 = run(expire(expire(expire(raised()))), people.dan, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 });
    const decision = when(s4, system, new Date(open(s4).deadline.due), { kind: 'deadline-reached', due: open(s4).deadline.due });
    assert.deepEqual(mentioned(accepted(decision).effects), ['Morgan Reid']);
  });

  it('a deadline that was already dealt with, or is not yet due, changes nothing', () => {
    const d = open(raised());
    const s2 = expire(d);
    assert.match(refused(when(s2, system, new Date(d.deadline.due), { kind: 'deadline-reached', due: d.deadline.due }), 'stale'), /already/);
    refused(when(d, system, uk('2026-12-29T16:29'), { kind: 'deadline-reached', due: d.deadline.due }), 'not-due');
    refused(when(d, people.alex, uk('2026-12-29T17:00'), { kind: 'deadline-reached', due: d.deadline.due }), 'not-allowed');
  });
});

describe('decide: early escalation', () => {
  it('a professional asks; their own manager approves and Stage 2 starts now', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply and the child is still missing school' });
    assert.equal(open(d).escalationRequest?.side, 'raiser');
    assert.match(refused(when(d, people.jo, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 }), 'not-allowed'), /manager of the professional/);
    const s2 = open(run(d, people.priya, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 }));
    assert.equal(s2.stage, 2);
    assert.equal(s2.escalationRequest, undefined);
    assert.equal(s2.deadline.due, uk('2026-12-31T10:00').toISOString());
  });

  it('declining keeps the stage and its clock, and records the reason', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply' });
    const after = open(run(d, people.priya, uk('2026-12-29T10:00'), { kind: 'decline-escalation', fromStage: 1, reason: 'Sam replied this morning' }));
    assert.equal(after.stage, 1);
    assert.equal(after.deadline.due, open(d).deadline.due);
    assert.equal(after.declinedEscalations.length, 1);
  });

  it('managers cannot escalate Stage 1 with no request, nor ask twice', () => {
    refused(when(raised(), people.priya, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 }), 'wrong-state');
    const d = run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply' });
    refused(when(d, people.sam, uk('2026-12-29T09:05'), { kind: 'request-escalation', reason: 'Me too' }), 'wrong-state');
  });

  it('pressing approve twice has the effect of once', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply' });
    const s2 = run(d, people.priya, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 });
    assert.equal(s2.stage, 2);
    assert.deepEqual(accepted(when(s2, people.priya, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 })).types, []);
  });

  it('a first-line manager escalates Stage 2 to Stage 3 from their card', () => {
    const s3 = open(run(expire(raised()), people.jo, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2, reason: 'We cannot agree' }));
    assert.equal(s3.stage, 3);
    assert.equal(s3.stages.at(-1)?.how, 'approved');
  });
});

describe('decide: the rules of each stage', () => {
  it('each professional records their account; managers do not', () => {
    const account = { position: 'Threshold for tier 4 met', indicators: ['Neglect'], impact: 'Hungry', evidence: 'Attendance log' };
    const d = run(raised(), people.sam, uk('2026-12-29T09:00'), { kind: 'record-account', account });
    assert.equal(d.accounts.respondent?.position, 'Threshold for tier 4 met');
    refused(when(d, people.priya, uk('2026-12-29T09:00'), { kind: 'record-account', account }), 'not-allowed');
  });

  it('a manager who disagrees with their own practitioner is recorded and shown to the other side', () => {
    refused(when(raised(), people.jo, uk('2026-12-29T09:00'), { kind: 'manager-disagrees', view: 'x' }), 'wrong-state');
    const s2 = expire(raised());
    const decision = when(s2, people.jo, uk('2026-12-30T09:00'), { kind: 'manager-disagrees', view: 'I think tier 4 is met' });
    assert.ok(mentioned(accepted(decision).effects).includes('Alex Morgan'));
    assert.equal(run(s2, people.jo, uk('2026-12-30T09:00'), { kind: 'manager-disagrees', view: 'I think tier 4 is met' }).managerViews[0]?.side, 'respondent');
  });

  it('senior managers convene a Resolving Professional Disagreements Meeting at Stage 3, not before', () => {
    const body: CommandBody = { kind: 'convene-meeting', at: uk('2027-01-04T10:00').toISOString(), location: 'Teams call', attendees: [people.alex, people.sam, people.priya, people.jo] };
    refused(when(expire(raised()), people.jo, uk('2026-12-30T09:00'), body), 'wrong-state');
    const s3 = expire(expire(raised()));
    refused(when(s3, people.priya, uk('2026-12-31T17:00'), body), 'not-allowed');
    const d = run(s3, people.dan, uk('2026-12-31T17:00'), body);
    assert.equal(d.meetings.length, 1);
    refused(when(s3, people.dan, uk('2027-01-05T10:00'), body), 'invalid');
  });

  it('a record of a conversation is attributed; a correction points at the record it corrects', () => {
    const record = { id: 'r1', heldAt: uk('2026-12-29T09:00').toISOString(), participants: 'Alex, Sam', discussed: 'Attendance', agreed: 'Home visit' };
    const d = run(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'record-conversation', record });
    refused(when(d, people.sam, uk('2026-12-29T11:00'), { kind: 'record-conversation', record: { ...record, id: 'r2', corrects: 'nope' } }), 'invalid');
    const corrected = run(d, people.sam, uk('2026-12-29T11:00'), { kind: 'record-conversation', record: { ...record, id: 'r2', corrects: 'r1', agreed: 'Visit Thursday' } });
    assert.deepEqual(corrected.records.map((r) => [r.id, r.by.name, r.corrects]), [['r1', 'Alex Morgan', undefined], ['r2', 'Sam Taylor', 'r1']]);
  });

  it('someone with no part in the dispute is refused and nothing changes', () => {
    const d = raised();
    const message = refused(when(d, people.stranger, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'x' }), 'not-allowed');
    assert.match(message, /PD-2026-0001/);
  });
});

describe('decide: agreed outcome, withdrawal and the board\'s decision', () => {
  const proposal: CommandBody = {
    kind: 'propose-outcome',
    outcome: 'Strategy discussion to be held',
    outstandingIssues: 'School attendance support',
    actions: [{ description: 'Hold strategy discussion', owner: 'Jo Evans', due: '2027-01-06' }],
    howPursued: 'Core group review',
  };

  it('closes only once every party and every manager involved has confirmed', () => {
    const s2 = expire(raised());
    let d = run(s2, people.alex, uk('2026-12-30T10:00'), proposal);
    refused(when(d, people.dan, uk('2026-12-30T10:05'), { kind: 'confirm-outcome' }), 'not-allowed');
    d = run(d, people.sam, uk('2026-12-30T10:10'), { kind: 'confirm-outcome' });
    d = run(d, people.priya, uk('2026-12-30T10:20'), { kind: 'confirm-outcome' });
    assert.equal(d.status, 'open');
    const last = when(d, people.jo, uk('2026-12-30T10:30'), { kind: 'confirm-outcome' });
    assert.deepEqual(accepted(last).types, ['outcome-confirmed', 'agreed']);
    const closed = run(d, people.jo, uk('2026-12-30T10:30'), { kind: 'confirm-outcome' });
    assert.equal(closed.status, 'closed');
    assert.ok(closed.status === 'closed' && closed.closure.how === 'agreed' && closed.closure.proposal.actions.length === 1);
    assert.equal('deadline' in closed, false, 'a closed dispute has no deadline');
  });

  it('confirming twice has the effect of once', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T10:00'), proposal);
    assert.deepEqual(accepted(when(d, people.alex, uk('2026-12-29T10:01'), { kind: 'confirm-outcome' })).types, []);
  });

  it('asking for changes re-opens the proposal', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T10:00'), proposal);
    const after = run(d, people.sam, uk('2026-12-29T10:05'), { kind: 'request-changes', reason: 'Add a date for the visit' });
    assert.equal(after.proposal, undefined);
    refused(when(after, people.sam, uk('2026-12-29T10:06'), { kind: 'confirm-outcome' }), 'wrong-state');
  });

  it('an action without an owner or date is refused', () => {
    assert.match(refused(when(raised(), people.alex, uk('2026-12-29T10:00'), { ...proposal, actions: [{ description: 'Visit', owner: '', due: '' }] } as CommandBody), 'invalid'), /who and by when/);
  });

  it('only the raiser withdraws, with a reason, and then nothing more changes', () => {
    refused(when(raised(), people.sam, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'x' }), 'not-allowed');
    refused(when(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: '' }), 'invalid');
    const d = run(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'New information from health' });
    assert.ok(d.status === 'closed' && d.closure.how === 'withdrawn');
    assert.match(refused(when(d, people.alex, uk('2026-12-29T10:01'), { kind: 'request-escalation', reason: 'x' }), 'wrong-state'), /closed/);
  });

  it('the secretariat records the board\'s decision at Stage 4, which closes the dispute and tells the parties', () => {
    const s4 = run(expire(expire(expire(raised()))), people.dan, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 });
    refused(when(s4, people.alex, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: 'x', actions: [] }), 'not-allowed');
    const decision = when(s4, people.morgan, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: 'Conference to be convened', actions: [] });
    assert.equal(accepted(decision).effects.filter((e) => e.type === 'notify-person').length, 2);
    const d = run(s4, people.morgan, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: 'Conference to be convened', actions: [] });
    assert.equal(d.status, 'closed');
  });

  it('the secretariat has no say before Stage 4', () => {
    assert.deepEqual(as(raised(), people.morgan).role, { kind: 'member', body: 'secretariat' });
    refused(when(raised(), people.morgan, uk('2026-12-29T10:00'), { kind: 'declare-immediate-risk' }), 'not-allowed');
  });
});

describe('decide: the child\'s safety comes first', () => {
  it('declaring immediate risk mid-stage shrinks the deadline to hours, even over a weekend', () => {
    const d = raised({}, uk('2026-11-06T16:00'));
    const after = open(run(d, people.sam, uk('2026-11-06T18:00'), { kind: 'declare-immediate-risk' }));
    assert.equal(after.deadline.due, uk('2026-11-06T22:00').toISOString());
    assert.ok(after.immediateRisk);
    const s2 = open(expire(after));
    assert.equal(s2.deadline.due, uk('2026-11-07T02:00').toISOString(), 'the clock never pauses');
  });

  it('declaring twice has the effect of once', () => {
    const d = run(raised(), people.sam, uk('2026-12-24T18:00'), { kind: 'declare-immediate-risk' });
    assert.deepEqual(accepted(when(d, people.alex, uk('2026-12-24T18:30'), { kind: 'declare-immediate-risk' })).types, []);
  });

  it('a shorter child-protective deadline applies; a later one is refused', () => {
    const d = raised();
    refused(when(d, people.alex, uk('2026-12-24T17:00'), { kind: 'set-protective-deadline', due: uk('2027-01-10T12:00').toISOString() }), 'invalid');
    refused(when(d, people.alex, uk('2026-12-24T17:00'), { kind: 'set-protective-deadline', due: uk('2026-12-24T16:00').toISOString() }), 'invalid');
    const after = open(run(d, people.alex, uk('2026-12-24T17:00'), { kind: 'set-protective-deadline', due: uk('2026-12-28T12:00').toISOString() }));
    assert.equal(after.deadline.due, uk('2026-12-28T12:00').toISOString());
  });
});

describe('decide: when a manager cannot be found', () => {
  const noManager = () => {
    const input = raiseInput({ designatedLead: people.morgan });
    input.sides = { ...input.sides, raiser: { ...input.sides.raiser, managers: { 'first-line': [], senior: [], director: [] } } };
    return input;
  };

  it('asks the professional to name one and tells the designated safeguarding lead', () => {
    const { effects } = accepted(when(null, people.alex, uk('2026-12-24T16:30'), { kind: 'raise', ...noManager() }));
    const notices = effects.flatMap((e) => (e.type === 'notify-person' ? [[e.to.name, e.notice.kind]] : []));
    assert.deepEqual(notices, [['Alex Morgan', 'dispute-raised'], ['Sam Taylor', 'dispute-raised'], ['Alex Morgan', 'manager-needed'], ['Morgan Reid', 'manager-missing']]);
  });

  const school = 'Hillside Primary School';
  const priyaManager = { ...people.priya, agency: school, rungs: ['first-line'] };

  it('the professional names their manager, who is mentioned at once if their stage has come; the designated lead is told', () => {
    const s2 = expire(run(null, people.alex, uk('2026-12-24T16:30'), { kind: 'raise', ...noManager() }));
    refused(when(s2, people.jo, uk('2026-12-30T09:00'), { kind: 'name-manager', rung: 'first-line', manager: priyaManager }), 'not-allowed');
    refused(when(s2, people.alex, uk('2026-12-30T09:00'), { kind: 'name-manager', rung: 'first-line', manager: { ...people.sam, agency: school, rungs: ['first-line'] } }), 'invalid');
    const decision = when(s2, people.alex, uk('2026-12-30T09:00'), { kind: 'name-manager', rung: 'first-line', manager: priyaManager });
    assert.deepEqual(mentioned(accepted(decision).effects), ['Priya Shah']);
    const told = accepted(decision).effects.flatMap((e) => (e.type === 'notify-person' ? [e.to.name] : []));
    assert.deepEqual(told, ['Morgan Reid']);
    const named = run(s2, people.alex, uk('2026-12-30T09:00'), { kind: 'name-manager', rung: 'first-line', manager: priyaManager });
    assert.deepEqual(named.sides.raiser.managers['first-line'], [people.priya], 'only who the manager is is kept, not the directory\'s details');
    assert.equal(as(named, people.priya).role.kind, 'manager', 'Priya now acts as the raiser\'s manager');
    assert.deepEqual(accepted(when(named, people.alex, uk('2026-12-30T09:05'), { kind: 'name-manager', rung: 'first-line', manager: priyaManager })).types, [], 'naming twice counts once');
  });

  it('a manager named must be in the professional\'s own agency, at that level, and only where none is known', () => {
    const s1 = run(null, people.alex, uk('2026-12-24T16:30'), { kind: 'raise', ...noManager() });
    assert.match(refused(when(s1, people.alex, uk('2026-12-29T09:00'), { kind: 'name-manager', rung: 'first-line', manager: { ...people.jo, agency: 'Children\'s Social Care', rungs: ['first-line'] } }), 'invalid'), /own agency/);
    assert.match(refused(when(s1, people.alex, uk('2026-12-29T09:00'), { kind: 'name-manager', rung: 'senior', manager: priyaManager }), 'invalid'), /not listed .* as a senior manager/);
    const withManagers = run(null, people.alex, uk('2026-12-24T16:30'), { kind: 'raise', ...raiseInput() });
    const outsider = { ...people.stranger, agency: school, rungs: ['first-line'] };
    assert.match(refused(when(withManagers, people.alex, uk('2026-12-29T09:00'), { kind: 'name-manager', rung: 'first-line', manager: outsider }), 'not-allowed'), /already known \(Priya Shah\)/);
    assert.match(refused(when(withManagers, people.sam, uk('2026-12-29T09:00'), { kind: 'name-manager', rung: 'senior', manager: outsider }), 'not-allowed'), /already known/);
  });

  it('where one agency has no managers at all, the other agency\'s managers still carry the stage', () => {
    const s2 = expire(run(null, people.alex, uk('2026-12-24T16:30'), { kind: 'raise', ...noManager() }));
    assert.deepEqual(open(s2).stage, 2);
    const s3 = expire(s2);
    assert.equal(s3.stage, 3, 'the ladder does not stop');
  });
});

describe('decide: themes at closure', () => {
  it('are picked by the professionals once the dispute has closed, and a repeat counts once', () => {
    refused(when(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'record-themes', themes: ['thresholds'] }), 'wrong-state');
    const closed = run(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'Resolved by phone' });
    refused(when(closed, people.priya, uk('2026-12-29T10:05'), { kind: 'record-themes', themes: ['thresholds'] }), 'not-allowed');
    refused(when(closed, people.sam, uk('2026-12-29T10:05'), { kind: 'record-themes', themes: [] }), 'invalid');
    const themed = run(closed, people.sam, uk('2026-12-29T10:05'), { kind: 'record-themes', themes: ['thresholds', 'information-sharing'] });
    assert.deepEqual(themed.themes?.map((t) => [t.by.name, t.themes]), [['Sam Taylor', ['thresholds', 'information-sharing']]]);
    assert.deepEqual(accepted(when(themed, people.sam, uk('2026-12-29T10:06'), { kind: 'record-themes', themes: ['thresholds', 'information-sharing'] })).types, []);
    assert.equal(themed.status, 'closed', 'still closed');
  });
});

describe('decide: the ladder and the immediate risk under real clocks', () => {
  it('a stage that runs out starts the next at its due moment, however late the sweep noticed', () => {
    const d = raised();
    const due = d.status !== 'closed' ? d.deadline.due : '';
    // The sweep comes two days late (downtime): Stage 2 still starts when Stage 1 ran out.
    const late = run(d, system, uk('2026-12-31T12:00'), { kind: 'deadline-reached', due });
    assert.equal(late.stage, 2);
    assert.equal(late.stages.at(-1)!.enteredAt, due);
    const onTime = run(d, system, new Date(due), { kind: 'deadline-reached', due });
    assert.equal(open(late).deadline.due, open(onTime).deadline.due, 'the ladder does not drift by the delay');
    assert.ok((open(late).deadline.reminders ?? []).every((r) => r > uk('2026-12-31T12:00').toISOString()), 'no reminder already in the past');
  });

  it('a manager records the immediate risk as dealt with: the working-day clock applies again from then, and the record keeps both', () => {
    const risky = run(raised(), people.sam, uk('2026-12-29T10:00'), { kind: 'declare-immediate-risk' });
    assert.match(refused(when(risky, people.alex, uk('2026-12-29T11:00'), { kind: 'stand-down-immediate-risk', reason: 'Safe now' }), 'not-allowed'), /manager/);
    refused(when(risky, people.jo, uk('2026-12-29T11:00'), { kind: 'stand-down-immediate-risk', reason: ' ' }), 'invalid');
    const calm = open(run(risky, people.jo, uk('2026-12-29T11:00'), { kind: 'stand-down-immediate-risk', reason: 'Placed with grandparents; police attended' }));
    assert.equal(calm.immediateRisk, undefined);
    assert.equal(calm.deadline.due, uk('2026-12-30T11:00').toISOString(), 'one working day from when it was dealt with');
    assert.deepEqual(calm.stoodDownRisks?.map((r) => [r.declaredBy.name, r.stoodDownBy.name, r.reason]), [['Sam Taylor', 'Jo Evans', 'Placed with grandparents; police attended']]);
    assert.deepEqual(accepted(when(calm, people.jo, uk('2026-12-29T11:05'), { kind: 'stand-down-immediate-risk', reason: 'again' })).types, [], 'pressing again changes nothing');
  });

  it('a senior manager cannot move Stage 2 on; only the people carrying it can, once', () => {
    const s2 = expire(raised());
    assert.match(refused(when(s2, people.dan, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2 }), 'not-allowed'), /first-line managers/);
    const s3 = run(s2, people.priya, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2, reason: 'Cannot agree' });
    assert.equal(s3.stage, 3);
    assert.equal(s3.stages.at(-1)!.reason, 'Cannot agree');
    assert.deepEqual(accepted(when(s3, people.jo, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2 })).types, [], 'a press at the same moment by the other manager is already done');
    assert.match(refused(when(s3, people.alex, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2 }), 'not-allowed'), /managers/);
  });
});
