import assert from 'node:assert/strict';
import { decide } from '../../src/commands';
import { OpenDispute } from '../../src/domain/dispute';
import { levelName } from '../../src/domain/protocol';
import { resolveRoute } from '../../src/protocols/protocol-file';
import { command, ctx, expire, FOUR_LSCB, PARTNERSHIP, people, personIn, POLICE, protocolFor, raised, run, seenByAll, SETTINGS, side, system, uk } from '../support/dispute-fixtures';
import { includes } from '../../src/domain/person';
import { given } from '../support/given';

/** A dispute on a route, run by the clock to its last level's approval. */
const awaitingLast = (route: string) => expire(expire(expire(raised({ route }))));

describe('routes', () => {
  it('MASH referral: the MASH worker asks the referrer, and consent or its exception is asked for', () => {
    const route = protocolFor('mash-referral').route;
    assert.equal(route.opening.question, 'Help me understand why you are worried?');
    assert.equal(route.opening.asker, 'respondent');
    assert.ok(route.asksForConsent);
    assert.ok(route.followUpQuestions.some((q) => /tier 4/.test(q)));
  });

  describe('police and social care: Sergeant, Inspector, then Area Director / Chief Inspector at a meeting of all parties', () => {
    const directors = { raiser: personIn(POLICE, 31, 'Kate Hughes'), respondent: personIn(PARTNERSHIP, 32, 'Lou Patel') };
    const withDirectors = () =>
      raised({
        route: 'police-social-care',
        sides: {
          raiser: side(people.alex, 'Police', [people.priya], [people.dan], [directors.raiser]),
          respondent: side(people.sam, 'Children\'s Social Care', [people.jo], [people.chris], [directors.respondent]),
        },
      });
    const atLast = () => {
      const waiting = expire(expire(expire(withDirectors())));
      return run(waiting, people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3, reason: 'Still no agreement on a joint response' });
    };

    it('names its levels by the route', () => {
      const p = protocolFor('police-social-care');
      assert.equal(levelName(p, 2), 'Stage 2: Team Manager / Sergeant');
      assert.equal(levelName(p, 3), 'Stage 3: District or Service Manager / Inspector');
      assert.match(levelName(p, 4), /Chief Inspector/);
    });

    it('the last level brings in both agencies\' directors and everyone involved, and sends no written account to the board', () => {
      const waiting = expire(expire(expire(withDirectors())));
      given(waiting)
        .when(people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3, reason: 'Still no agreement' })
        .then([{ type: 'stage-entered', stage: 4, how: 'approved' }], [{ type: 'post-to-thread', notice: { kind: 'stage-entered', stage: 4 } }]);
      const decision = decide(waiting, command(waiting, people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 }), ctx);
      assert.ok(decision.ok);
      assert.ok(!decision.effects.some((e) => e.type === 'send-written-account'), 'no written account to the board on this route');
      const mentioned = decision.effects.flatMap((e) => (e.type === 'post-to-thread' ? e.mention : []));
      for (const p of [directors.raiser, directors.respondent, people.alex, people.sam, people.jo, people.chris]) assert.ok(includes(mentioned, p), `${p.name} is brought in`);
      assert.ok(!includes(mentioned, people.morgan), 'the board secretariat is not');
    });

    it('only the directors record the decision, and only once a meeting of all parties has been convened', () => {
      const last = atLast();
      given(last).when(people.morgan, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: 'Joint response', actions: [] }).refused('not-allowed');
      given(last).when(directors.respondent, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: 'Joint response', actions: [] }).refused('wrong-state', /meeting of all parties/);
      given(last)
        .when(directors.raiser, uk('2027-01-06T10:00'), { kind: 'convene-meeting', at: uk('2027-01-07T10:00').toISOString(), location: 'Teams', attendees: [people.alex] })
        .refused('invalid', /both professionals/);
      const met = run(last, directors.raiser, uk('2027-01-06T10:00'), { kind: 'convene-meeting', at: uk('2027-01-07T10:00').toISOString(), location: 'Teams', attendees: [people.alex, people.sam, directors.respondent] });
      const closed = given(met)
        .when(directors.respondent, uk('2027-01-07T12:00'), { kind: 'record-decision', decision: 'A joint agency response', actions: [] })
        .then([{ type: 'decision-recorded', stage: 4, decision: 'A joint agency response' }]).state;
      assert.equal(closed.status, 'closed');
    });
  });

  it('need for a Child Protection Conference: a refusal must be recorded with reasons, by social care', () => {
    const d = raised({ route: 'cp-conference-need' });
    given(d).when(people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: false, reasons: '' }).refused('invalid', /reasons/);
    given(d).when(people.alex, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).refused('not-allowed');
    const after = run(d, people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: false, reasons: 'Section 47 found no significant harm' });
    assert.equal(after.conferenceRequest?.reasons, 'Section 47 found no significant harm');
    assert.match(protocolFor('cp-conference-need').route.notes.join(' '), /should normally be agreed/);
  });

  it('the conference-request decision belongs to its own route only', () => {
    given(raised({ route: 'standard' })).when(people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).refused('wrong-state');
  });

  it('dissent at a conference: the Chair\'s decision stands and the dissent is noted; appeal goes to the partnership with a written account', () => {
    const p = protocolFor('cp-conference-dissent');
    assert.match(p.route.notes.join(' '), /Chair's decision is final/);
    assert.equal(levelName(p, 4), 'Stage 4: Appeal to the Safeguarding Partnership');
    given(awaitingLast('cp-conference-dissent'))
      .when(people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 })
      .then([{ type: 'stage-entered', stage: 4 }], [{ type: 'send-written-account', stage: 4 }]);
  });

  it('implementing a Child Protection Plan: its last level goes back to the Conference Chair, who records the decision', () => {
    const p = protocolFor('cp-plan');
    assert.equal(levelName(p, 2), 'Stage 2: First-line managers address the concern');
    assert.match(levelName(p, 4), /Review Child Protection Conference/);
    const last = run(awaitingLast('cp-plan'), people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 });
    given(last).when(people.morgan, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: 'Review conference on 12 January', actions: [] }).then([{ type: 'decision-recorded' }]);
  });

  it('a route the protocol does not have cannot be resolved', () => {
    assert.throws(() => resolveRoute(FOUR_LSCB, 'no-such-route', SETTINGS), /has no route "no-such-route"/);
  });

  it('the clock enters a level the protocol enters by timer, and waits for approval where it asks for one', () => {
    const d = raised();
    given(d).when(system, new Date((d as OpenDispute).deadline.due), { kind: 'deadline-reached', due: (d as OpenDispute).deadline.due }).then([{ type: 'stage-entered', stage: 2, how: 'timescale-ran-out' }]);
    const atThree = seenByAll(expire(expire(d)));
    given(atThree)
      .when(system, new Date((atThree as OpenDispute).deadline.due), { kind: 'deadline-reached', due: (atThree as OpenDispute).deadline.due })
      .then([{ type: 'approval-awaited' }], [{ type: 'post-to-thread', notice: { kind: 'approval-needed', stage: 4, reminder: false } }]);
  });
});
