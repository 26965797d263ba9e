import assert from 'node:assert/strict';
import mammoth from 'mammoth';
import { writtenAccountDocx } from '../../src/documents/written-account-docx';
import { compileWrittenAccount } from '../../src/documents/written-account';
import { writtenAccountCard } from '../../src/cards/views';
import { people, raised, run, throughEveryStage, uk } from '../support/dispute-fixtures';
import { rendererErrors, schemaErrors } from '../support/card-validation';

describe('the Stage Four written account', () => {
  const d = throughEveryStage();
  const account = compileWrittenAccount(d);
  const all = JSON.stringify(account);

  it('contains the parties and agencies, the route, the concern and indicators, and the impact on the child', () => {
    assert.match(all, /Alex Morgan \(raised the disagreement\)/);
    assert.match(all, /Hillside Primary School; first-line manager: Priya Shah; senior manager: Dan Okafor/);
    assert.match(all, /Children's Social Care; first-line manager: Jo Evans/);
    assert.equal(account.route, 'Disagreement between agencies');
    assert.match(all, /HPS-4411 \(Hillside Primary School\), J\.B\./);
    assert.match(all, /Referral closed with no further action/);
    assert.match(all, /"Indicators of need present","value":"Neglect"/);
    assert.match(all, /Arrives hungry, missed medical appointments/);
  });

  it('gives the reason the senior manager gave for referral, in the timeline and in what was tried', () => {
    assert.match(all, /escalation approved by Chris Lee, because: A question of policy only the panel can settle/);
    assert.match(account.tried.map((t) => t.what).join(" "), /escalation approved by Chris Lee, because: A question of policy only the panel can settle/);
  });

  it('has a timeline of the stages with dates and who was involved', () => {
    assert.deepEqual(account.timeline.map((t) => [t.stage, t.enteredAt, t.involved.join(', ')]), [
      [1, uk('2026-12-24T16:30').toISOString(), 'Alex Morgan, Sam Taylor'],
      [2, uk('2026-12-29T16:30').toISOString(), 'Priya Shah, Jo Evans'],
      [3, uk('2026-12-31T16:30').toISOString(), 'Dan Okafor, Chris Lee'],
      [4, uk('2027-01-06T10:00').toISOString(), 'Morgan Reid'],
    ]);
    assert.match(account.timeline[3]!.how, /escalation approved by Chris Lee/);
  });

  it('gives each side\'s position, what was tried, and the outstanding issues', () => {
    assert.match(all, /Tier 4 indicators present/);
    assert.match(all, /Below threshold for statutory services/);
    assert.match(all, /Manager's view \(Jo Evans\)","value":"I think the threshold is met/);
    assert.ok(account.tried.some((t) => /Attendance and health appointments/.test(t.what)));
    assert.ok(account.tried.some((t) => /Meeting convened for .* at Civic Centre room 2/.test(t.what)));
    assert.match(account.outstanding.join(' '), /did not reach an agreed outcome/);
    assert.deepEqual(account.referral.map((l) => l.label), ['Referred', 'Approved by', 'Stage 4 due']);
  });

  it('as a Word document that opens and says the same', async () => {
    const bytes = await writtenAccountDocx(account, { title: 'Stage Four written account', partnership: 'Test Partnership', marking: 'OFFICIAL-SENSITIVE', prepared: uk('2027-01-06T10:05') });
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    assert.match(text, /Stage Four written account\s+Professional disagreement PD-2026-0001/);
    for (const fact of ['Prepared Wed 6 Jan 2027, 10:05 (UK time)', 'Hillside Primary School', 'HPS-4411', 'Neglect', 'Missed medical appointments', 'Below threshold for statutory services', 'I think the threshold is met', 'Civic Centre room 2', 'Stage 3, Senior manager to senior manager', 'Thu 31 Dec 2026, 16:30', 'did not reach an agreed outcome', 'Chris Lee']) {
      assert.ok(text.includes(fact), `document has "${fact}"`);
    }
  });

  it('as a valid Adaptive Card under 28 KB', () => {
    const card = writtenAccountCard(account);
    assert.deepEqual(schemaErrors(card), []);
    assert.deepEqual(rendererErrors(card), []);
    assert.ok(Buffer.byteLength(JSON.stringify(card)) < 28 * 1024);
  });
});

describe('the record of a dispute that ended', () => {
  it('an agreed dispute\'s record gives the agreed outcome, its actions and the outstanding issues', () => {
    let d = raised();
    d = run(d, people.alex, uk('2026-12-29T10:00'), { kind: 'propose-outcome', outcome: 'Early help assessment', outstandingIssues: 'Dental registration', actions: [{ description: 'Refer to early help', owner: 'Sam Taylor', due: '2027-01-08' }], howPursued: 'Review at the next TAF meeting' });
    d = run(d, people.sam, uk('2026-12-29T10:05'), { kind: 'confirm-outcome' });
    const account = compileWrittenAccount(d);
    assert.deepEqual(account.outstanding, ['Dental registration']);
    assert.deepEqual(account.outcome.map((l) => l.label), ['Agreed outcome', 'Confirmed', 'How outstanding issues will be pursued', 'Action 1']);
    assert.match(account.outcome[3]!.value, /Refer to early help \(owner: Sam Taylor; by Fri 8 Jan 2027\)/);
  });
});
