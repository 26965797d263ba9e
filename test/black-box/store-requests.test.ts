import assert from 'node:assert/strict';
import { button } from '../support/card-client';
import { people, Rig } from '../support/black-box';

/**
 * What a turn costs the store, counted at the wire between the bot and the store. Messages
 * are left to the sweep here, so only the turn's own requests are counted.
 */
describe('store requests per turn', function () {
  this.timeout(60_000);
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('a state-changing press costs one read and one conditional write; a card refresh one read; help none', async () => {
    const w = await rig.world({}, { deliverAfterSave: false });
    try {
      await w.raise();
      const view = await w.viewOf(people.alex);
      const save = button(view, 'Save my account');

      const counted = async (turn: () => Promise<unknown>): Promise<string[]> => {
        const from = rig.proxy.seen.length;
        await turn();
        return rig.proxy.seen.slice(from);
      };

      const press = await counted(() => w.press(people.alex, save, { accountPosition: 'Tier 4 indicators are met', accountImpact: 'Hungry' }));
      assert.deepEqual(press, ['GET docs', 'PUT docs'], 'one point read, one conditional write');
      assert.equal((await w.stored()).events, 2, 'and the press was taken');

      const refresh = await counted(() => w.invoke(people.alex, 'dispute.refresh', { disputeId: w.disputeId }));
      assert.deepEqual(refresh, ['GET docs']);

      const help = await counted(() => w.h.post({
        type: 'message', id: 'm-help', text: 'help', serviceUrl: w.h.connector.url, channelId: 'msteams',
        from: { id: people.alex.id, name: people.alex.name, aadObjectId: people.alex.aadObjectId }, recipient: { id: '28:bot', name: 'Professional Disagreements' },
        conversation: { id: `a:personal-${people.alex.id}`, conversationType: 'personal', tenantId: 'tenant-partnership' }, channelData: { tenant: { id: 'tenant-partnership' } },
      }));
      assert.deepEqual(help, []);
    } finally {
      await w.close();
    }
  });
});
