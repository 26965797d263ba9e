import assert from 'node:assert/strict';
import { PARTNERSHIP_TENANT } from '../support/teams-people';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { Harness, startHarness, timePasses, ukTime as uk, users, User } from '../support/bot-harness';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium, Playground, startPlayground } from '../support/playground';
import { button, pressData } from '../support/card-client';

const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'e2e');

/**
 * The whole story in a real client: the Microsoft 365 Agents Playground in headless Chromium,
 * talking to the bot over real HTTP. The browser is Alex Morgan, the teacher who raises the
 * disagreement; a playground runs as one user, so the other people act through the
 * playground's own "Mock an Activity" channel, as another member of the chat would, and Alex
 * watches the thread change. Time passes by moving the bot's clock and sweeping.
 */
describe('end to end in the Agents Playground (headless Chromium)', function () {
  this.timeout(180_000);
  let h: Harness;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  let step = 0;
  const offMachine: string[] = [];

  before(async () => {
    ensureChromium();
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    h = await startHarness({ DISPUTES_CHANNEL_ID: '19:disputes@thread.tacv2' });
    h.setNow(uk('2026-12-24T16:30'));
    playground = await startPlayground(h.url);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(15_000);
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(url) || url.startsWith('data:')) return route.continue();
      offMachine.push(url);
      return route.abort();
    });
    await page.goto(playground.url);
    await page.getByRole('button', { name: 'Hide log panel' }).click().catch(() => undefined);
  });

  after(async () => {
    if (offMachine.length) console.log(`      (${offMachine.length} requests from the page to addresses off this machine were blocked)`);
    await browser?.close();
    await playground?.stop();
    await h?.close();
  });

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(SHOTS, `${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  /**
   * Another member presses a button on their own view of the thread card: the view the bot
   * answers to the card's refresh for them, as Teams fetches it, and the press goes through
   * the playground with the data the card defines, merged with what they type.
   */
  async function press(user: User, conversationId: string, title: string | RegExp, typed: Record<string, string> = {}): Promise<void> {
    const refresh = await h.post({
      type: 'invoke', name: 'adaptiveCard/action', serviceUrl: playground.url, channelId: 'msteams',
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId }, recipient: { id: '28:bot' },
      conversation: { id: conversationId, conversationType: 'channel', tenantId: PARTNERSHIP_TENANT }, channelData: { tenant: { id: user.tenantId } },
      value: { action: { type: 'Action.Execute', verb: 'dispute.refresh', data: { disputeId } }, trigger: 'automatic' },
    });
    const b = button(refresh.body.value, title);
    await actAs(user, conversationId, b.verb, pressData(b, typed));
  }

  /** Another member acts, through the playground's mock-activity channel (its template, then their details). */
  async function actAs(user: User, conversationId: string, verb: string, data: object): Promise<void> {
    const template = await (await fetch(`${playground.url}/_internal/v1/customActivities/template?conversationId=personal-chat-alex&activityType=invoke`)).json();
    const res = await fetch(`${playground.url}/_internal/v1/customActivities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...template,
        type: 'invoke',
        name: 'adaptiveCard/action',
        from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
        conversation: { ...template.conversation, id: conversationId, conversationType: 'channel', isGroup: true },
        channelData: { tenant: { id: template.conversation.tenantId }, channel: { id: '19:disputes@thread.tacv2' } },
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    });
    assert.equal(res.status, 200);
    await waitForBot();
  }

  /** Let the bot finish the turn it is in and deliver what it decided. */
  async function waitForBot(): Promise<void> {
    await new Promise((r) => setTimeout(r, 400));
    await h.host.outbox.idle();
  }

  const timeReaches = (to: string) => timePasses(h, uk(to));

  const thread = () => page.getByRole('treeitem', { name: /Professional disagreements/ });
  const see = (text: RegExp): Locator => page.getByText(text).first();
  let disputeId = '';
  let threadId = '';

  it('Alex raises a disagreement from the personal chat, using the card as a person would', async () => {
    await page.getByRole('treeitem', { name: /Personal Chat/ }).click();
    const box = page.locator('[data-lexical-editor="true"]').first();
    await box.click();
    await box.type('raise');
    await page.keyboard.press('Enter');
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'Raise a professional disagreement' }).last();
    await card.getByRole('combobox', { name: /The other professional/ }).waitFor();
    await shot('raise-card');

    const choose = async (label: RegExp, option: RegExp | string) => {
      await card.getByRole('combobox', { name: label }).click();
      await page.getByRole('option', { name: option }).first().click();
    };
    await choose(/The other professional/, /Sam Taylor/);
    await card.getByRole('textbox', { name: /case reference/ }).fill('HPS-4411');
    await card.getByRole('textbox', { name: /initials/ }).fill('J.B.');
    await card.getByRole('textbox', { name: /What the disagreement is about/ }).fill('Referral closed with no further action');
    await card.getByRole('combobox', { name: /Indicators of need/ }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Neglect' }).click();
    await page.keyboard.press('Escape');
    await choose(/Threshold tier/, /Tier 4/);
    await card.getByRole('textbox', { name: /Impact on the child/ }).fill('Arrives hungry; missed two medical appointments');
    await shot('raise-card-filled');
    await card.getByRole('button', { name: 'Raise disagreement' }).click();
    await see(/Disagreement PD-2026-0001 raised/).waitFor();
    await waitForBot();
    await shot('raised');
    const doc = (await h.host.service.mine(users.alex))[0]!;
    disputeId = doc.id;
    threadId = doc.thread!.conversationId;
  });

  it('the thread appears in the disputes channel with both professionals named, and no details about the child', async () => {
    await thread().click();
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'Professional disagreement PD-2026-0001' }).first();
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /Alex Morgan has raised a professional disagreement with Sam Taylor/);
    assert.match(text, /Respond by Tue 29 Dec 2026, 16:30/);
    assert.ok(!text.includes('HPS-4411') && !text.includes('J.B.'), 'the channel does not see the child\'s details');
    await shot('thread-in-channel');
    await card.getByRole('button', { name: 'Show my view' }).click();
    await see(/Sam Taylor asks you:/).waitFor();
    await shot('alex-own-view');
  });

  it('the other professional records their account', async () => {
    await press(users.sam, threadId, 'Save my account', { accountPosition: 'Below the threshold for statutory services', accountImpact: 'Low' });
    await thread().click();
    await see(/Sam Taylor has recorded their account on PD-2026-0001/).waitFor();
    await shot('account-recorded');
  });

  it('time passes: Stage 2 mentions both first-line managers', async () => {
    await timeReaches('2026-12-29T16:30');
    await see(/moved to Stage 2: First-line manager to first-line manager/).waitFor();
    const message = await see(/moved to Stage 2/).innerText();
    assert.match(message, /Priya Shah/);
    assert.match(message, /Jo Evans/);
    await shot('stage-2');
  });

  it('a manager escalates: Stage 3 mentions the senior manager', async () => {
    h.setNow(uk('2026-12-30T10:00'));
    await press(users.jo, threadId, 'Escalate to Stage 3 now', { escalationReason: 'We cannot agree on the threshold' });
    await see(/moved to Stage 3: Senior manager to senior manager/).waitFor();
    assert.match(await see(/moved to Stage 3/).innerText(), /Chris Lee/);
    await shot('stage-3');
  });

  it('time passes: Stage 3 runs out and a senior manager must approve the referral', async () => {
    await timeReaches('2027-01-04T10:00');
    await see(/Stage 3 of PD-2026-0001 has run out/).waitFor();
    await shot('approval-needed');
  });

  it('the senior manager approves; the secretariat receives the Stage Four written account', async () => {
    h.setNow(uk('2027-01-04T11:00'));
    await press(users.chris, threadId, /^Approve moving it to Stage 4/, { escalationReason: 'A question of policy for the panel' });
    await see(/moved to Stage 4: Safeguarding Partnership resolution panel/).waitFor();
    await see(/written account of the dispute and of what was tried has been sent to the Safeguarding Partnership secretariat/).waitFor();
    const doc = (await h.host.service.load(disputeId))!;
    const account = doc.outbox.find((o) => o.delivery.kind === 'written-account');
    assert.ok(account?.deliveredAt, 'the playground accepted the account for the secretariat\'s chat');
    await shot('stage-4-account-sent');
  });

  it('the decision is recorded and the dispute closes', async () => {
    h.setNow(uk('2027-01-06T15:00'));
    await press(users.chris, threadId, 'Record decision and close', { decision: 'The panel asks Children\'s Social Care to hold a strategy discussion.' });
    await see(/closed with the decision recorded at Stage 4: Safeguarding Partnership resolution panel/).waitFor();
    await see(/Closed: decided at Stage 4/).waitFor();
    await shot('closed');
    assert.equal((await h.host.service.load(disputeId))!.status, 'closed');
  });

});
