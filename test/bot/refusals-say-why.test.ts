import assert from 'node:assert/strict';
import { COMMANDS } from '../../src/bot/card-actions';
import { verbOf } from '../../src/commands';
import { noticeOf } from '../support/black-box';
import { cardText, invoke, raiseDispute, SAMPLE_PEOPLE, startHarness, timePasses, ukTime, User, users } from '../support/bot-harness';

/*
 * Every button pressed by people with no part, or the wrong part, in a dispute, at each stage
 * and with the data a card carries, a stale card's, or none: always answered 200 with a sentence
 * that says what happened or why not.
 */
describe('every press is answered with a reason', function () {
  this.timeout(120_000);

  it('by an outsider, a shared-channel member from another tenant, two managers and a secretariat member, at four stages, with three shapes of data', async () => {
    const h = await startHarness();
    try {
      const id = await raiseDispute(h, ukTime('2026-11-23T10:00'));
      const silent: string[] = [];
      let presses = 0;
      const sample = (directoryId: string) => SAMPLE_PEOPLE.find((p) => p.directoryId === directoryId)!;
      // Someone unlisted, a police officer from another tenant in the shared channel, a senior and a first-line manager, the secretariat.
      const people: User[] = [users.outsider, sample('user-dev'), users.chris, users.priya, sample('user-helen')];
      for (const at of ['2026-11-23T11:00', '2026-11-24T10:00', '2026-11-26T10:00', '2026-11-30T10:00']) {
        await timePasses(h, ukTime(at));
        for (const who of people) {
          for (const kind of Object.keys(COMMANDS)) {
            for (const data of [{ disputeId: id }, { disputeId: id, fromStage: 1, stage: 1 }, { disputeId: id, fromStage: 9, rev: 0 }]) {
              const res = await h.post(invoke(h, who, verbOf(kind), data));
              presses++;
              const notice = noticeOf(res.body?.value);
              if (res.status !== 200 || notice.trim().length < 10) silent.push(`${at} ${who.name} ${kind} ${JSON.stringify(data)}: ${res.status} ${cardText(res.body?.value).slice(0, 120).replace(/\n/g, ' | ')}`);
            }
          }
        }
      }
      assert.ok(presses > 1000, `${presses} presses`);
      assert.deepEqual(silent, [], `${silent.length} of ${presses} answered without a sentence`);
    } finally {
      await h.close();
    }
  });
});
