import assert from 'node:assert/strict';
import type { OpenDispute, PersonRef } from '../../src/domain/dispute';
import { ctx, expire, people, raised, run, uk } from '../support/dispute-fixtures';
import { given, mentioned } from '../support/given';

const awaitingStage4 = () => expire(expire(expire(raised())));
const asked = () => run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply and the child is still missing school' });

describe('approve-escalation', () => {
  it('a senior manager approves the referral: Stage 4 in 5 working days, the written account goes to the secretariat', () => {
    const then = given(awaitingStage4()).when(people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 })
      .then([{ type: 'stage-entered', stage: 4, how: 'approved', by: people.chris }], [{ type: 'send-written-account', mention: [people.morgan], stage: 4 }]);
    assert.equal((then.state as OpenDispute).deadline.due, uk('2027-01-12T17:00').toISOString());
  });

  it('the Stage 4 deadline is the child-protective date when that is sooner', () => {
    const then = given(awaitingStage4()).when(people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3, protectiveDeadline: uk('2027-01-07T12:00').toISOString() });
    assert.equal((then.state as OpenDispute).deadline.due, uk('2027-01-07T12:00').toISOString());
  });

  it('a first-line manager cannot approve referral to the partnership', () => {
    given(awaitingStage4()).when(people.priya, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 }).refused('not-allowed', /senior manager/);
  });

  it('a professional asks; only their own manager approves, and Stage 2 starts now', () => {
    given(asked()).when(people.jo, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 }).refused('not-allowed', /manager of the professional/);
    const s2 = given(asked()).when(people.priya, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 }).then([{ type: 'stage-entered', stage: 2 }]).state as OpenDispute;
    assert.equal(s2.escalationRequest, undefined);
    assert.equal(s2.deadline.due, uk('2026-12-31T10:00').toISOString());
  });

  it('managers cannot move Stage 1 on before a professional asks', () => {
    given(raised()).when(people.priya, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 }).refused('wrong-state', /Neither professional has asked/);
  });

  it('pressing approve twice, or two managers at once, has the effect of once', () => {
    const s2 = run(asked(), people.priya, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 });
    given(s2).when(people.priya, uk('2026-12-29T10:00'), { kind: 'approve-escalation', fromStage: 1 }).nothingHappens();
    const s3 = run(expire(raised()), people.priya, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2, reason: 'Cannot agree' });
    assert.equal(s3.stages.at(-1)!.reason, 'Cannot agree');
    given(s3).when(people.jo, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2 }).nothingHappens();
  });

  it('the first-line managers move Stage 2 on from their card; a senior manager or a professional cannot', () => {
    const s2 = expire(raised());
    given(s2).when(people.dan, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2 }).refused('not-allowed', /first-line managers/);
    given(s2).when(people.alex, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2 }).refused('not-allowed', /managers/);
    given(s2).when(people.jo, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2, reason: 'We cannot agree' }).then([{ type: 'stage-entered', stage: 3, how: 'approved', reason: 'We cannot agree' }]);
  });

  it('a level approved while a senior manager is away brings in their cover, with exactly a senior manager\'s part', () => {
    const cover: PersonRef = { ...people.stranger, name: 'Rob Grey' };
    const away = { ...ctx, availability: (p: PersonRef) => (p.key === people.dan.key ? { away: true, cover, lastDay: '2027-01-08' } : undefined) };
    const then = given(expire(raised())).when(people.jo, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2, reason: 'Stuck' }, away);
    then.then([{ type: 'stage-entered', stage: 3 }, { type: 'stood-in', why: 'away', person: cover, for: people.dan, rung: 'senior' }]);
    assert.ok(mentioned(then.decision).includes('Rob Grey'));
    given(then.state).when(cover, uk('2026-12-30T10:00'), { kind: 'acknowledge', stage: 3 }).then([{ type: 'acknowledged', by: cover }]);
    given(then.state).when(cover, uk('2026-12-30T10:00'), { kind: 'withdraw', reason: 'x' }).refused('not-allowed', /raised/);
  });
});
