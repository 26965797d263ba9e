import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OpenDispute } from '../../src/domain/dispute';
import { levelName, ProtocolError } from '../../src/domain/protocol';
import { parseProtocol, PROTOCOLS_DIR, readProtocols, resolveRoute } from '../../src/protocols/protocol-file';
import { expire, people, raised, run, SETTINGS, uk } from '../support/dispute-fixtures';

const shipped = (id: string) => JSON.parse(readFileSync(path.join(PROTOCOLS_DIR, `${id}.json`), 'utf8'));
const refusedWith = (json: unknown, message: RegExp) => assert.throws(() => parseProtocol(json, 'my-protocol.json'), (e: Error) => e instanceof ProtocolError && message.test(e.message));

describe('protocol files', () => {
  it('ships three protocols, each valid: 4LSCB with its six routes, Southend Essex and Thurrock, and an IRO protocol', () => {
    const all = readProtocols();
    assert.deepEqual(all.map((p) => `${p.id}@${p.version}: ${p.levels.length}`), ['4lscb@v17: 4', 'iro@1: 5', 'set@2026-02-24: 4']);
    assert.deepEqual(all[0]!.routes.map((r) => r.id), ['standard', 'mash-referral', 'police-social-care', 'cp-conference-need', 'cp-conference-dissent', 'cp-plan']);
    assert.deepEqual(all[0]!.levels.map((l) => l.workingDays), [1, 2, 2, 5]);
    const iro = resolveRoute(all[1]!, 'standard', SETTINGS);
    assert.equal(iro.completeWithinWorkingDays, 20);
    assert.equal(iro.outsideReferral?.to, 'Cafcass');
    assert.equal(levelName(iro, 1), 'Informal resolution: The IRO and the social worker');
    assert.ok(iro.levels.filter((l) => l.skip).length >= 2, 'levels may be skipped by severity');
    assert.equal(levelName(resolveRoute(all[2]!, 'standard', SETTINGS), 4), 'Stage Four: Multi-Agency Safeguarding Partnership / Board');
  });

  it('refuses a bad file with every problem named by its field', () => {
    const file = shipped('4lscb');
    refusedWith({ ...file, levels: file.levels.slice(0, 1) }, /levels: a ladder needs at least two levels/);
    refusedWith({ ...file, levels: [{ ...file.levels[0], workingDays: 0 }, ...file.levels.slice(1)] }, /levels\[0\]\.workingDays: must be at least 1 working day/);
    refusedWith({ ...file, levels: [{ ...file.levels[0], lead: 'the boss' }, ...file.levels.slice(1)] }, /levels\[0\]\.lead: name people as "professionals"/);
    refusedWith({ ...file, levels: [file.levels[0], { ...file.levels[1], lead: 'chain:deputy' }, ...file.levels.slice(2)] }, /levels\[1\]\.lead: "chain:deputy" is not a rung of "chain"/);
    refusedWith({ ...file, levels: [{ ...file.levels[0], entry: 'timer' }, ...file.levels.slice(1)] }, /levels\[0\]\.entry: the first level is entered when the dispute is raised/);
    refusedWith({ ...file, levels: [...file.levels.slice(0, 3), { ...file.levels[3], decidedBy: undefined }] }, /levels\[3\]\.decidedBy: the last level must say who records the final decision/);
    refusedWith({ ...file, routes: [] }, /routes: at least one route is required/);
    refusedWith({ ...file, routes: [...file.routes, { ...file.routes[0], id: 'x', levels: { 'stage-9': { title: 'Nine' } } }] }, /routes\[6\]\.levels\.stage-9: there is no level "stage-9"/);
    refusedWith({ ...file, colour: 'blue' }, /\(top level\): Unrecognized key: "colour"/);
    refusedWith({ ...file, levels: [{ ...file.levels[0], omitWhen: 'same-organisation' }, ...file.levels.slice(1)] }, /levels\[0\]\.omitWhen: the first and the last level are never left out/);
    refusedWith({ ...file, routes: [...file.routes, { ...file.routes[0], id: 'x', levels: { 'stage-4': { omit: true } } }] }, /routes\[6\]\.levels\.stage-4: the first and the last level are never left out/);
    refusedWith({ ...file, clock: { nextTierAt: 1 } }, /clock\.nextTierAt: must be less than 1/);
    const { consentGrounds: _none, ...noGrounds } = file;
    refusedWith(noGrounds, /routes\[1\]\.asksForConsent: the file lists no "consentGrounds" to ask about/);
    refusedWith({ ...file, thresholdTiers: [{ value: 'tier-1', title: 'One' }, { value: 'tier-1', title: 'Again' }] }, /thresholdTiers: "tier-1" is listed twice/);
    refusedWith({ ...file, consentGrounds: [{ value: 'not-applicable', title: 'No' }] }, /consentGrounds\[0\]\.value: "not-applicable" is the bot's own choice/);
    refusedWith({ ...file, routes: [...file.routes, { ...file.routes[0], id: 'x', decidesConferenceRequest: true }] }, /routes\[6\]\.decidesConferenceRequest: write "conferenceRequest"/);
    refusedWith({ ...file, routes: [...file.routes, { ...file.routes[0], id: 'x', conferenceRequest: { decidedBy: ['chain:deputy@respondent'], by: 'x' } }] }, /routes\[6\]\.conferenceRequest\.decidedBy\[0\]: "chain:deputy" is not a rung/);
  });

  it('a route may leave a level out, and a level may be left out where both agencies are one organisation', () => {
    const file = shipped('4lscb');
    const withRoute = parseProtocol({ ...file, routes: [...file.routes, { ...file.routes[0], id: 'no-stage-3', levels: { 'stage-3': { omit: true } } }] });
    assert.deepEqual(resolveRoute(withRoute, 'no-stage-3', SETTINGS).levels.map((l) => l.label), ['Stage 1', 'Stage 2', 'Stage 4']);
    assert.deepEqual(resolveRoute(withRoute, 'standard', SETTINGS).levels.map((l) => l.label), ['Stage 1', 'Stage 2', 'Stage 3', 'Stage 4']);
    const conditional = parseProtocol({ ...file, levels: [file.levels[0], { ...file.levels[1], omitWhen: 'same-organisation' }, ...file.levels.slice(2)] });
    assert.deepEqual(resolveRoute(conditional, 'standard', SETTINGS, { sameOrganisation: true }).levels.map((l) => l.label), ['Stage 1', 'Stage 3', 'Stage 4']);
    assert.deepEqual(resolveRoute(conditional, 'standard', SETTINGS, { sameOrganisation: false }).levels.map((l) => l.label), ['Stage 1', 'Stage 2', 'Stage 3', 'Stage 4']);
    assert.equal('omitWhen' in resolveRoute(conditional, 'standard', SETTINGS).levels[1]!, false, 'a dispute carries its ladder, not the condition');
  });

  it('a dispute keeps the protocol it was raised under when the file changes later', () => {
    const file = shipped('4lscb');
    const d = raised({}, uk('2026-11-09T10:00')) as OpenDispute;
    const changed = parseProtocol({ ...file, levels: [{ ...file.levels[0], workingDays: 5 }, ...file.levels.slice(1)] });
    assert.equal(resolveRoute(changed, 'standard', SETTINGS).levels[0]!.workingDays, 5, 'new disputes take the change');
    assert.equal(d.deadline.due, uk('2026-11-10T10:00').toISOString(), 'the running dispute keeps 1 working day');
    const later = expire(d);
    assert.equal(later.protocol.levels[0]!.workingDays, 1);
    assert.equal(run(later, people.priya, uk('2026-11-11T10:00'), { kind: 'approve-escalation', fromStage: 2 }).stage, 3);
  });

  it('npm run protocol:check prints the ladder of a valid file, and the problems of a bad one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'protocol-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...shipped('set'), levels: [] }));
    const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const script = path.join(__dirname, '..', '..', 'scripts', 'check-protocol.ts');
    const good = execFileSync(tsx, [script, path.join(PROTOCOLS_DIR, 'iro.json')], { encoding: 'utf8' });
    assert.match(good, /5\. Stage 4: Director of Children's Services\n.*5 working days or sooner to protect the child/);
    assert.match(good, /finishes within 20 working days/);
    assert.throws(() => execFileSync(tsx, [script, bad], { encoding: 'utf8', stdio: 'pipe' }), (e: { status: number; stderr: string }) => e.status === 1 && /levels: a ladder needs at least two levels/.test(e.stderr));
  });
});
