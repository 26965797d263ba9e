import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveSender } from '../../src/bot/identity';
import { PartnershipDirectory } from '../../src/directory/partnership-directory';
import { isIdentified } from '../../src/domain/person';
import { peopleUpgrade, upgradePeople } from '../../src/store/legacy-people';
import { canonicalJson, sealAfter, NO_SEAL, verifyHistory } from '../../src/store/history-chain';
import { replay } from '../../src/commands';
import { SAMPLE_PEOPLE, users } from '../support/bot-harness';
import { PARTNERSHIP_TENANT, POLICE_TENANT } from '../support/teams-people';
import { command, ctx, raiseInput } from '../support/dispute-fixtures';
import { decide } from '../../src/commands';
import type { DisputeEvent } from '../../src/domain/messages';

const sample = PartnershipDirectory.fromFile(path.join(__dirname, '..', '..', 'directory', 'sample-partnership.json'));
const dev = SAMPLE_PEOPLE.find((p) => p.directoryId === 'user-dev')!;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('people as Teams identifies them', () => {
  it('a guest is known by their guest object id in the partnership\'s tenant, never by the 29: id', () => {
    const activity = { from: { id: users.alex.id, name: 'Alex', aadObjectId: users.alex.aadObjectId }, conversation: { id: 'a:1', tenantId: PARTNERSHIP_TENANT }, channelData: { tenant: { id: PARTNERSHIP_TENANT } } };
    const person = resolveSender(activity, sample);
    assert.equal(person.key, sample.find('user-alex')!.key);
    assert.equal(person.name, 'Alex Morgan', 'named as the directory names them');
    assert.ok(!person.key.includes('29:'));
  });

  it('a shared-channel member is known by their own tenant and object id, in the host\'s channel or their own chat', () => {
    const inChannel = { from: { id: dev.id, name: 'Dev', aadObjectId: dev.aadObjectId }, conversation: { id: '19:c;messageid=1', conversationType: 'channel', tenantId: PARTNERSHIP_TENANT }, channelData: { tenant: { id: POLICE_TENANT } } };
    const hostOnly = { ...inChannel, channelData: { tenant: { id: PARTNERSHIP_TENANT } }, from: { ...inChannel.from, tenantId: POLICE_TENANT } };
    const ownChat = { from: inChannel.from, conversation: { id: 'a:2', tenantId: POLICE_TENANT }, channelData: { tenant: { id: POLICE_TENANT } } };
    for (const activity of [inChannel, hostOnly, ownChat]) assert.equal(resolveSender(activity, sample).key, sample.find('user-dev')!.key);
    assert.equal(sample.find('user-dev')!.tenantId, POLICE_TENANT);
  });

  it('the same object id in a tenant the directory does not give them is someone else; no object id is nobody', () => {
    const elsewhere = resolveSender({ from: { id: users.sam.id, name: 'Sam', aadObjectId: users.sam.aadObjectId }, conversation: { id: 'a:3', tenantId: POLICE_TENANT }, channelData: { tenant: { id: POLICE_TENANT } } }, sample);
    assert.notEqual(elsewhere.key, sample.find('user-sam')!.key);
    const anonymous = resolveSender({ from: { id: '29:1anon', name: 'Guest' }, conversation: { id: 'a:4', tenantId: PARTNERSHIP_TENANT } }, sample);
    assert.equal(isIdentified(anonymous), false);
  });

  it('nothing but samePerson compares people: no code compares two keys or object ids itself', () => {
    const offending = sourceFiles(path.join(__dirname, '..', '..', 'src'))
      .filter((file) => !file.endsWith(path.join('domain', 'person.ts')))
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line, n: i + 1 })))
      .filter(({ line }) => /\w\.key\s*[!=]==\s*\w+\.key\b|aadObjectId\s*[!=]==|[!=]==\s*[\w.]*aadObjectId\b|\.id\s*[!=]==\s*[\w.]*\.id\b.*(person|actor|professional|manager)/i.test(line));
    assert.deepEqual(offending.map(({ file, n, line }) => `${path.relative(process.cwd(), file)}:${n}: ${line.trim()}`), []);
  });

  it('stored disputes of schema 1 are read in today\'s shape, and their sealed history still verifies', () => {
    // A dispute as the previous version stored it: people as { id, name, aadObjectId }, the raiser by their 29: id.
    const input = raiseInput();
    const raised = decide(null, command(null, input.sides.raiser.professional, new Date('2026-12-24T10:00:00Z'), { kind: 'raise', ...input }), ctx);
    assert.ok(raised.ok);
    const directoryIds = new Map(sample.people().map((p) => [p.name, p.id]));
    const legacy = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(legacy);
      if (!value || typeof value !== 'object') return value;
      const v = value as Record<string, unknown>;
      if (typeof v.key === 'string' && typeof v.name === 'string' && 'aadObjectId' in v) {
        return v.name === 'Alex Morgan' ? { id: users.alex.id, name: v.name, aadObjectId: users.alex.aadObjectId } : { id: directoryIds.get(v.name as string) ?? `dir-${v.name}`, name: v.name };
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, legacy(x)]));
    };
    const oldEvents = raised.events.map((e) => legacy(e) as DisputeEvent);
    const oldHistory = sealAfter(NO_SEAL, oldEvents);
    const oldState = replay(oldEvents);
    const upgrade = peopleUpgrade(sample);
    const history = oldHistory.map((h) => ({ ...h, event: upgradePeople(h.event, upgrade), sealedAs: h.event }));
    const state = upgradePeople(oldState, upgrade);
    assert.deepEqual(verifyHistory(history, state, oldHistory.at(-1)), { intact: true, events: oldHistory.length });
    assert.equal(canonicalJson(replay(history.map((h) => h.event))), canonicalJson(state), 'the upgraded history folds to the upgraded head');
    assert.equal(state!.sides.raiser.professional.key, sample.find('user-alex')!.key, 'the raiser, stored by 29: id, is found by object id');
    const tampered = history.map((h, i) => (i === 0 ? { ...h, sealedAs: { ...h.sealedAs, at: '2020-01-01T00:00:00.000Z' } as DisputeEvent } : h));
    assert.equal(verifyHistory(tampered, state, oldHistory.at(-1)).intact, false, 'an edited stored entry is still found');
  });
});
