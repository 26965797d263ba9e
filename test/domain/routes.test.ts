import assert from 'node:assert/strict';
import { decide } from '../../src/domain/decide';
import { OpenDispute } from '../../src/domain/dispute';
import { ProtocolError, routeOf, stageTitle, validateProtocol } from '../../src/domain/protocol';
import { currentProtocol, FOUR_LSCB, protocolVersion, SOUTHEND_ESSEX_THURROCK } from '../../src/domain/protocols';
import { command, ctx, expire, people, protocol, raised, run, uk } from '../support/dispute-fixtures';

const escalateToStage4 = (route: Parameters<typeof raised>[0]) => {
  const waiting = expire(expire(expire(raised(route))));
  return decide(waiting, command(waiting, people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 }), ctx);
};

describe('protocols as data', () => {
  it('the 4LSCB protocol has four stages of 1, 2, 2 and 5 working days and six routes', () => {
    assert.deepEqual(FOUR_LSCB.stages.map((s) => s.title), [
      'Professional to professional',
      'First-line manager to first-line manager',
      'Senior manager to senior manager',
      'Safeguarding Partnership resolution panel (Independent Chair)',
    ]);
    assert.deepEqual(FOUR_LSCB.routes.map((r) => r.id), ['standard', 'mash-referral', 'police-social-care', 'cp-conference-need', 'cp-conference-dissent', 'cp-plan']);
    assert.equal(FOUR_LSCB.stages[3]?.entry, 'approval');
  });

  it('the Southend, Essex and Thurrock procedure ends at the Multi-Agency Safeguarding Partnership / Board', () => {
    assert.equal(SOUTHEND_ESSEX_THURROCK.stages[3]?.title, 'Multi-Agency Safeguarding Partnership / Board');
    assert.equal(currentProtocol('set').version, '2026-02-24');
  });

  it('a protocol that breaks the rules is refused when loaded, saying why', () => {
    assert.throws(() => validateProtocol({ ...FOUR_LSCB, stages: FOUR_LSCB.stages.slice(0, 3) }), (e: Error) => e instanceof ProtocolError && /stages must be exactly/.test(e.message));
    assert.throws(() => validateProtocol({ ...FOUR_LSCB, routes: FOUR_LSCB.routes.slice(1) }), /standard route/);
    assert.throws(() => currentProtocol('nope'), /choose one of 4lscb, set/);
    assert.throws(() => protocolVersion('4lscb', 'v1'), /Unknown protocol 4lscb@v1/);
  });

  it('a dispute keeps the timescales it started under when the partnership changes them later', () => {
    const slower = { ...protocol, id: 'set', version: '2026-02-24', timescales: { 1: 3, 2: 2, 3: 2, 4: 5 } as const };
    const d = raised({ protocol: slower }, uk('2026-11-09T10:00')) as OpenDispute;
    assert.equal(d.deadline.due, uk('2026-11-12T10:00').toISOString());
    assert.equal(d.protocol.timescales[1], 3, 'the snapshot travels with the dispute');
  });
});

describe('routes', () => {
  it('MASH referral: the MASH worker asks the referrer, and consent or its exception is asked for', () => {
    const route = routeOf(FOUR_LSCB, 'mash-referral');
    assert.equal(route.opening.question, 'Help me understand why you are worried?');
    assert.equal(route.opening.asker, 'respondent');
    assert.ok(route.asksForConsent);
    assert.ok(route.followUpQuestions.some((q) => /tier 4/.test(q)));
  });

  it('police and social care: Sergeant, then Inspector, then Chief Inspector resolve it, not the board', () => {
    assert.equal(stageTitle(FOUR_LSCB, 'police-social-care', 2), 'Team Manager / Sergeant');
    assert.equal(stageTitle(FOUR_LSCB, 'police-social-care', 3), 'District or Service Manager / Inspector');
    assert.match(stageTitle(FOUR_LSCB, 'police-social-care', 4), /Chief Inspector/);
    const decision = escalateToStage4({ route: 'police-social-care' });
    assert.ok(decision.ok && !decision.effects.some((e) => e.type === 'send-written-account'), 'no written account to the board on this route');
    assert.ok(escalateToStage4({ route: 'standard' }).ok);
  });

  it('need for a Child Protection Conference: a refusal must be recorded with reasons, by social care', () => {
    const d = raised({ route: 'cp-conference-need' });
    const refusal = decide(d, command(d, people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: false, reasons: '' }), ctx);
    assert.ok(!refusal.ok && /reasons/.test(refusal.refusal.message));
    const byRaiser = decide(d, command(d, people.alex, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }), ctx);
    assert.ok(!byRaiser.ok && byRaiser.refusal.code === 'not-allowed');
    const after = run(d, people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: false, reasons: 'Section 47 found no significant harm' });
    assert.equal(after.conferenceRequest?.reasons, 'Section 47 found no significant harm');
    assert.match(routeOf(FOUR_LSCB, 'cp-conference-need').notes.join(' '), /should normally be agreed/);
  });

  it('the conference-request decision belongs to its own route only', () => {
    const d = raised({ route: 'standard' });
    const decision = decide(d, command(d, people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }), ctx);
    assert.ok(!decision.ok && decision.refusal.code === 'wrong-state');
  });

  it('dissent at a conference: the Chair\'s decision stands and the dissent is noted; appeal goes to the partnership', () => {
    const route = routeOf(FOUR_LSCB, 'cp-conference-dissent');
    assert.match(route.notes.join(' '), /Chair's decision is final/);
    assert.equal(stageTitle(FOUR_LSCB, 'cp-conference-dissent', 4), 'Appeal to the Safeguarding Partnership');
    assert.equal(route.finalResolver, 'partnership-board');
  });

  it('implementing a Child Protection Plan: first-line managers, then line management, then the Conference Chair', () => {
    assert.equal(stageTitle(FOUR_LSCB, 'cp-plan', 2), 'First-line managers address the concern');
    assert.match(stageTitle(FOUR_LSCB, 'cp-plan', 4), /Review Child Protection Conference/);
    assert.equal(routeOf(FOUR_LSCB, 'cp-plan').finalResolver, 'conference-chair');
  });

  it('a route the protocol does not have is refused', () => {
    assert.throws(() => raised({ protocol: { ...protocol, id: 'set', version: '2026-02-24' }, route: 'mash-referral' }), /has no route "mash-referral"/);
  });
});
