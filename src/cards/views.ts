import type { DecideContext } from '../domain/decider/context';
import type { Actor, Dispute, PersonRef, SideName, StandIn } from '../domain/dispute';
import { ackGroups } from '../domain/decider/attention';
import { activeHold, MEETING_MINUTES, SIDES } from '../domain/dispute';
import { acknowledgeButton, awayUntil, capital, concernLines, consentChoices, nextTierPart, THEME_TITLES } from '../domain/narrative';
import { narrate } from '../commands/words';
import { HELPED, HINDERED, unclearChoices } from '../commands/record-learning';
import { meetingToRecord } from '../commands/record-meeting';
import { MEETING_LENGTHS, nextMeeting } from '../commands/meeting-time';
import { CARD_MODULES, viewKeyOf } from '../commands';
import { HOLD_BASES } from '../domain/dispute';
import { describePeople, invitees, movers } from '../domain/permissions';
import { defaultRoute, isLastLevel, levelAt, levelName, ProtocolDefinition, rungsUsed } from '../domain/protocol';
import { everyoneInvolved, isSecretariat, parties, samePerson } from '../domain/roles';
import { allowedActions, reachableFor } from './allowed-actions';
import { dueText, formatIfInstant, formatMoment, roleText, routeTitle, stageName, stageText } from './format';
import type { WrittenAccount } from '../documents/written-account';
import { AdaptiveCardJson, renderCard } from './render';
import { FIELD_LIMITS, isLimitedField } from '../commands/field-limits';

export { THEME_TITLES };

/** Indicators of need, as most local Thresholds Documents group them; a partnership can replace the list. */
export const DEFAULT_INDICATORS = [
  'Physical abuse',
  'Emotional abuse',
  'Sexual abuse',
  'Neglect',
  'Domestic abuse in the household',
  'Parental mental ill-health',
  'Parental substance misuse',
  'Child exploitation (criminal or sexual)',
  'Missing from home, care or education',
  'Self-harm or suicidal thoughts',
  'Unmet health or developmental needs',
  'Fabricated or induced illness',
];

/**
 * A mention of a user. Teams accepts the user's Entra object id as `mentioned.id` as well as
 * their `29:` id ("Add mentions to your messages": learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations#add-mentions-to-your-messages);
 * the object id is the one the bot knows for everyone, including people it has never heard from.
 */
export const mentionEntity = (p: PersonRef) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.aadObjectId, name: p.name } });

export interface RaiseFormValues {
  respondentId: string;
  raiserAgency: string;
  respondentAgency: string;
  route: string;
  caseReference: string;
  initials: string;
  about: string;
  indicators: string;
  tier: string;
  impact: string;
  tried: string;
  consent: string;
  immediateRisk: string;
}

export const EMPTY_RAISE_FORM: RaiseFormValues = {
  respondentId: '', raiserAgency: '', respondentAgency: '', route: '', caseReference: '', initials: '', about: '',
  indicators: '', tier: '', impact: '', tried: '', consent: 'not-applicable', immediateRisk: 'false',
};

export interface RaiseFormView {
  protocol: ProtocolDefinition;
  people: { id: string; name: string; agency: string }[];
  agencies: string[];
  indicators: string[];
  emergencyContact: string;
  peoplePicker: 'directory' | 'graph';
  values: RaiseFormValues;
  errors: string[];
  /** The raiser's agency from the directory; empty when the directory does not know them. */
  knownAgency: string;
  /** One id per form shown, so pressing "Raise" twice raises once. */
  formId: string;
}

export function raiseFormCard(view: RaiseFormView): AdaptiveCardJson {
  // What was typed comes back in the inputs, cut to each field's limit (the errors say by how much).
  const values = Object.fromEntries(Object.entries(view.values).map(([k, v]) => [k, v.slice(0, isLimitedField(k) ? FIELD_LIMITS[k] : 200)]));
  const { protocol: _protocol, ...shown } = view;
  return renderCard('raise-form', {
    ...shown,
    // A new form offers the protocol's first route: its usual one.
    values: { ...values, route: values.route || (defaultRoute(view.protocol)?.id ?? '') },
    routes: view.protocol.routes.map((r) => ({ id: r.id, title: r.title })),
    tiers: view.protocol.thresholdTiers ?? [],
    consentOptions: consentChoices(view.protocol),
    // Consent is asked where any route of the protocol asks for it (the card says which: MASH contacts and referrals).
    asksForConsent: view.protocol.routes.some((r) => r.asksForConsent),
  });
}

export function raisedCard(dispute: Dispute, threadUrl: string, emergencyContact: string): AdaptiveCardJson {
  return renderCard('raised', {
    reference: dispute.reference,
    immediateRisk: Boolean(dispute.immediateRisk),
    emergencyContact,
    urgentHours: dispute.protocol.urgent.hoursPerStage,
    respondentName: dispute.sides.respondent.professional.name,
    routeTitle: routeTitle(dispute),
    stageTitle: stageName(dispute),
    dueText: dueText(dispute),
    writtenAccountText: dispute.writtenAccountDue ? `Due by ${formatMoment(dispute.writtenAccountDue)}` : '',
    threadUrl,
  });
}


/** What the thread card asks of whom now, following the level (never a time-bound "today"). */
export function threadPrompt(dispute: Dispute): string {
  if (dispute.status === 'closed') return 'This disagreement is closed. The people involved can read the written confirmation in their view of the card.';
  const urgent = dispute.immediateRisk ? `The child has been declared at immediate risk of significant harm: call 999 if you have not, and every level now runs on ${dispute.protocol.urgent.hoursPerStage} clock hours. ` : '';
  if (dispute.status === 'awaiting-approval') {
    return `${urgent}The timescale has run out without an agreed outcome: ${movers(dispute).who} decide whether it moves to ${levelName(dispute.protocol, dispute.stage + 1)}.`;
  }
  return `${urgent}${levelAt(dispute.protocol, dispute.stage).prompt}`;
}

/**
 * The card everyone in the channel sees: reference, route, stage and due time, nothing about
 * the child. `viewerIds`: the `29:` ids of the entitled viewers the bot has seen (see
 * AddressBook.teamsIds), whose clients fetch their own view by themselves; everyone else
 * presses "Show my view".
 */
export function threadCard(dispute: Dispute, notice = '', viewerIds: string[] = []): AdaptiveCardJson {
  const [raiser, respondent] = parties(dispute) as [PersonRef, PersonRef];
  return renderCard('dispute-thread', {
    disputeId: dispute.id,
    reference: dispute.reference,
    routeTitle: routeTitle(dispute),
    stageText: stageText(dispute),
    dueText: dueText(dispute),
    viewerIds: viewerIds.slice(0, 60),
    notice,
    mentionText: `<at>${raiser.name}</at> has raised a professional disagreement with <at>${respondent.name}</at>.`,
    prompt: threadPrompt(dispute),
    mentions: [mentionEntity(raiser), mentionEntity(respondent)],
  });
}

function details(dispute: Dispute): { label: string; value: string }[] {
  return [
    { label: 'Child\'s case reference', value: `${dispute.child.caseReference} (${dispute.sides.raiser.agency})` },
    { label: 'Child\'s initials', value: dispute.child.initials },
    { label: 'Raised by', value: `${dispute.sides.raiser.professional.name}, ${dispute.sides.raiser.agency}, ${formatMoment(dispute.raisedAt)}` },
    { label: 'With', value: `${dispute.sides.respondent.professional.name}, ${dispute.sides.respondent.agency}` },
    ...concernLines(dispute),
  ];
}

function accounts(dispute: Dispute) {
  return (['raiser', 'respondent'] as SideName[]).flatMap((side) => {
    const a = dispute.accounts[side];
    if (!a) return [];
    return [{
      heading: `${a.by.name}'s account (${dispute.sides[side].agency}), ${formatMoment(a.at)}`,
      lines: [
        { label: side === 'raiser' ? 'Why I am worried' : 'My position', value: a.position },
        { label: 'Indicators present', value: a.indicators.join('; ') || 'None chosen' },
        { label: 'Impact on the child', value: a.impact },
        { label: 'Evidence', value: a.evidence || 'None given' },
      ],
    }];
  });
}

function history(dispute: Dispute) {
  return narrate(dispute).map((i) => ({ when: formatMoment(i.at), who: i.who, what: i.what }));
}

/** What the approve button says: where the dispute goes, and how. */
function approveTitle(dispute: Dispute): string {
  if (isLastLevel(dispute.protocol, dispute.stage)) return '';
  const next = levelAt(dispute.protocol, dispute.stage + 1);
  if (next.entry.by === 'approval') return `Approve moving it to ${next.label}: ${next.title}`;
  if (next.entry.by === 'request') return `Move it to ${next.label}: ${next.title}`;
  return levelAt(dispute.protocol, dispute.stage).lead.who === 'professionals' ? `Approve escalation to ${next.label}` : `Escalate to ${next.label} now`;
}

export interface DisputeViewOptions {
  now: Date;
  ctx: DecideContext;
  emergencyContact: string;
  indicators: string[];
  notice?: { text: string; good: boolean };
  advice?: { name: string; role: string };
  /** People a professional may name as their manager: managers in their own agency, from the directory. */
  managerChoices?: { id: string; name: string }[];
  /** The dispute's revision: every button carries it, so a repeated press is recognised. */
  rev?: number;
  /** What the person typed, kept in the inputs after a refused press. */
  typed?: Record<string, unknown>;
  /** Times suggested from the attendees' free/busy, for the form that asked for them. */
  slots?: { for: 'convene' | 'move'; times: Date[] };
  /** Suggesting times from free/busy is possible (MEETINGS=graph). */
  suggestTimes?: boolean;
  /** The Teams meetings' join links, by when each meeting was convened (kept beside the state). */
  joinUrls?: Record<string, string>;
}

/** The top of a person's view of a dispute: which one, where it stands, and the result of their press. */
function headline(dispute: Dispute, notice: DisputeViewOptions['notice']) {
  return {
    disputeId: dispute.id,
    reference: dispute.reference,
    notice: notice?.text ?? '',
    noticeStyle: notice?.good === false ? 'attention' : 'good',
    routeTitle: routeTitle(dispute),
    stageText: stageText(dispute),
  };
}

/** Who has said they have seen the level, and who has not yet: for the people entitled to the card. */
function seenText(d: Dispute): string {
  if (d.status === 'closed') return '';
  const groups = ackGroups(d, d.stage);
  if (groups.length === 0) return '';
  const seen = (d.acknowledgements ?? []).filter((a) => a.stage === d.stage);
  const waiting = groups.flatMap((g) => g.people).filter((p) => !seen.some((a) => samePerson(a.by, p)));
  const said = seen.length ? `Seen at ${levelAt(d.protocol, d.stage).label} by ${seen.map((a) => `${a.by.name} (${formatMoment(a.at)})`).join(', ')}.` : `Nobody has yet said they have seen it at ${levelAt(d.protocol, d.stage).label}.`;
  return waiting.length ? `${said} Not yet: ${waiting.map((p) => p.name).join(', ')}.` : said;
}

function standInText(s: StandIn, d: Dispute): string {
  return s.why === 'away'
    ? `${s.person.name} covers for ${s.for.name}, who is away${awayUntil(s)}.`
    : `${s.person.name} was brought in for ${s.for.name}: nobody on that side said they had seen it by ${nextTierPart(d.protocol)}.`;
}

/** The next meeting to be held, for the cards that move or cancel it, and the times suggested for the form that asked. */
function meetingModel(d: Dispute, viewer: Actor, options: DisputeViewOptions) {
  const next = nextMeeting(d, options.now);
  // The link to join is for those invited, on their own view: never on the card everyone in the channel sees.
  const joinUrl = next && next.attendees.some((p) => samePerson(p, viewer)) ? options.joinUrls?.[next.convenedAt] ?? '' : '';
  const slotChoices = (form: 'convene' | 'move') =>
    options.slots?.for === form ? options.slots.times.map((t) => ({ value: t.toISOString(), title: formatMoment(t.toISOString()) })) : [];
  return {
    nextMeeting: next
      ? { at: next.at, when: formatMoment(next.at), minutes: String(next.minutes ?? MEETING_MINUTES), attendees: next.attendees.map((p) => p.name).join(', '), joinUrl: /^https:\/\//.test(joinUrl) ? joinUrl : '' }
      : { at: '', when: '', minutes: String(MEETING_MINUTES), attendees: '', joinUrl: '' },
    meetingLengthChoices: MEETING_LENGTHS.map((m) => ({ value: String(m), title: `${m} minutes` })),
    conveneSlots: slotChoices('convene'),
    moveSlots: slotChoices('move'),
    suggestTimes: options.suggestTimes === true,
    locationLabel: options.ctx.teamsMeetings ? 'Where, or how to join (leave empty for a Teams meeting sent to each attendee\'s calendar)' : 'Where, or how to join',
  };
}

/** The meeting waiting for its record, for the card that records it. */
function meetingRecordModel(d: Dispute, now: Date) {
  const m = meetingToRecord(d, now);
  return { at: m?.at ?? '', when: m ? formatMoment(m.at) : '', attendees: (m?.attendees ?? []).map((p) => ({ id: p.key, name: p.name })), attendedDefault: (m?.attendees ?? []).map((p) => p.key).join(',') };
}

/** The notes people wrote at closure, for the secretariat alone (never the picture), with who wrote them. */
function learningNotes(d: Dispute): { who: string; notes: string }[] {
  return (d.status === 'closed' ? d.learning ?? [] : []).filter((l) => l.notes).map((l) => ({ who: `${l.by.name}, ${formatMoment(l.at)}`, notes: l.notes }));
}

/** The learning card's choices and this person's own answers; the notes, for a secretariat member; a recognition, for its professional. */
function learningModel(d: Dispute, viewer: Actor) {
  const closed = d.status === 'closed' ? d : undefined;
  const mine = closed?.learning?.find((l) => samePerson(l.by, viewer));
  const side = viewer.role.kind === 'party' ? viewer.role.side : undefined;
  const recognitions = (closed?.recognitions ?? []).filter((r) => r.side === side || samePerson(r.by, viewer));
  return {
    learningHelpedChoices: HELPED,
    learningHinderedChoices: HINDERED,
    learningUnclearChoices: unclearChoices(d),
    myLearning: { helped: mine?.helped.join(',') ?? '', hindered: mine?.hindered.join(',') ?? '', unclear: mine?.unclear.join(',') ?? '', notes: mine?.notes ?? '' },
    learningNotes: isSecretariat(d, viewer) ? learningNotes(d) : [],
    recognitionChoices: SIDES.map((s) => ({ value: s, title: d.sides[s].professional.name })),
    recognitionText: recognitions.map((r) => `${r.by.name} noted that ${side === r.side ? 'your' : `${d.sides[r.side].professional.name}'s`} challenge was made well: ${r.note}`).join('\n'),
  };
}

const holdChoices = () => Object.entries(HOLD_BASES).map(([value, title]) => ({ value, title: capital(title) }));

/**
 * What a secretariat member sees of a dispute whose details are not theirs to see: its
 * reference, stage and legal hold, and the buttons to place or lift one. Nothing about the child.
 */
export function secretariatViewCard(dispute: Dispute, viewer: Actor, options: Pick<DisputeViewOptions, 'now' | 'ctx' | 'notice' | 'rev'>): AdaptiveCardJson {
  const can = allowedActions(dispute, viewer, options.now, options.ctx);
  const hold = activeHold(dispute);
  return renderCard('secretariat-view', {
    ...headline(dispute, options.notice),
    learningNotes: learningNotes(dispute),
    holdText: hold ? `In force since ${formatMoment(hold.placedAt)} (${HOLD_BASES[hold.basis]}), placed by ${hold.placedBy.name}` : 'None',
    can: Object.fromEntries(CARD_MODULES.filter((m) => m.card.secretariatView).map((m) => [viewKeyOf(m.kind), can[viewKeyOf(m.kind)] === true])),
    holdChoices: holdChoices(),
    rev: options.rev ?? 0,
  });
}

/**
 * The user-specific view: details and the buttons this person may press, for those entitled
 * only. It carries no `refresh`: teams-ai answers a card with `refresh` by replacing the
 * message for everyone, which would show one person's view to the whole channel.
 */
export function disputeViewCard(dispute: Dispute, viewer: Actor, options: DisputeViewOptions): AdaptiveCardJson {
  const protocol = dispute.protocol;
  const route = protocol.route;
  const role = viewer.role;
  const can = allowedActions(dispute, viewer, options.now, options.ctx);
  const side = role.kind === 'party' ? role.side : undefined;
  const mine = side ? dispute.accounts[side] : undefined;
  const other = side ? dispute.sides[side === 'raiser' ? 'respondent' : 'raiser'].professional : undefined;
  const asker = route.opening.asker === 'respondent' ? dispute.sides.respondent.professional : dispute.sides.raiser.professional;
  const worried = route.opening.asker === 'respondent' ? 'raiser' : 'respondent';
  const openingIntro = side === worried ? `${asker.name} asks you:` : `Start by asking ${dispute.sides[worried].professional.name}:`;
  const people = everyoneInvolved(dispute);
  const level = levelAt(protocol, dispute.stage);
  const first = level.entry.by === 'raise';
  const ownSide = side ? dispute.sides[side] : undefined;
  const missingLevels = ownSide ? protocol.chain.filter((r) => rungsUsed(protocol).includes(r.key) && (ownSide.managers[r.key] ?? []).length === 0).map((r) => ({ value: r.key, title: capital(r.title) })) : [];
  const moveChoices = reachableFor(dispute, viewer, options.now, options.ctx).map((n) => ({ value: String(n), title: levelName(protocol, n) }));
  // The choice shows where there is one to make, or where this person may only pass levels over.
  const showMoveChoices = moveChoices.length > 1 || (moveChoices.length === 1 && moveChoices[0]!.value !== String(dispute.stage + 1));
  const decider = level.decidedBy;
  return renderCard('dispute-view', {
    ...headline(dispute, options.notice),
    stage: dispute.stage,
    dueText: dueText(dispute),
    roleText: roleText(dispute, role),
    immediateRisk: Boolean(dispute.immediateRisk),
    emergencyContact: options.emergencyContact,
    urgentHours: dispute.protocol.urgent.hoursPerStage,
    stageGuidance: dispute.status === 'closed' ? '' : level.guidance,
    routeNotes: [...route.notes],
    details: details(dispute),
    opening: { show: first && dispute.status !== 'closed' && side !== undefined, intro: openingIntro, question: route.opening.question },
    followUps: [...route.followUpQuestions],
    writtenAccountReminder:
      side === 'raiser' && !mine && dispute.status !== 'closed' && dispute.writtenAccountDue
        ? `Your written account of concerns to ${other?.name} ${new Date(dispute.writtenAccountDue) > options.now ? 'is due' : 'was due'} by ${formatMoment(dispute.writtenAccountDue)}: record your account below.`
        : '',
    adviceName: side === 'raiser' && first && options.advice ? options.advice.name : '',
    adviceRole: options.advice?.role ?? '',
    accounts: accounts(dispute),
    history: history(dispute),
    seenText: seenText(dispute),
    coverText: (dispute.standIns ?? []).filter((s) => s.stage === dispute.stage).map((s) => standInText(s, dispute)).join(' '),
    acknowledgeTitle: acknowledgeButton(dispute.protocol, dispute.stage),
    can: { ...can, nameManager: can.nameManager === true && missingLevels.length > 0 && (options.managerChoices ?? []).length > 0 },
    managerChoices: options.managerChoices ?? [],
    managerLevelChoices: missingLevels,
    managerLevelDefault: missingLevels[0]?.value ?? '',
    rev: options.rev ?? 0,
    themeChoices: Object.entries(THEME_TITLES).map(([value, title]) => ({ value, title })),
    ...learningModel(dispute, viewer),
    meetingRecord: meetingRecordModel(dispute, options.now),
    ...meetingModel(dispute, viewer, options),
    holdChoices: holdChoices(),
    myThemes: (dispute.status === 'closed' ? dispute.themes : undefined)?.filter((t) => samePerson(t.by, viewer)).at(-1)?.themes.join(',') ?? '',
    recordChoices: dispute.records.map((r) => ({ id: r.id, title: `${formatMoment(r.heldAt)}, recorded by ${r.by.name}` })),
    accountPrompt: side === 'raiser' ? 'Why you are worried' : 'Your position, and the reasons for it',
    myAccount: { position: mine?.position ?? '', indicators: mine?.indicators.join(',') ?? '', impact: mine?.impact ?? '', evidence: mine?.evidence ?? '' },
    indicatorChoices: options.indicators,
    approveTitle: showMoveChoices ? 'Move it on to the level chosen' : approveTitle(dispute),
    moveChoices,
    moveDefault: moveChoices[0]?.value ?? '',
    showMoveChoices,
    nextProtectiveDate: !isLastLevel(protocol, dispute.stage) && levelAt(protocol, dispute.stage + 1).protectiveDate,
    requestTitle: first ? 'Ask my manager to escalate now' : 'Ask for escalation now',
    meetingTitle: level.meeting === 'all-parties' ? 'Convene the meeting of all parties' : 'Convene a Resolving Professional Disagreements Meeting',
    decisionLabel: decider ? `The decision of ${describePeople(protocol, decider, dispute.stage)}` : 'The decision',
    referTitle: protocol.outsideReferral ? `Refer to ${protocol.outsideReferral.to}` : '',
    attendeeChoices: people.map((p) => ({ id: p.key, name: p.name })),
    attendeeDefault: invitees(dispute).map((p) => p.key).join(','),
  }, options.typed);
}

export interface StatusEntry {
  dispute: Dispute;
  viewer: Actor;
  threadUrl: string;
}

/** Who a dispute is with, as its viewer would put it. */
function between(dispute: Dispute, viewer: Actor): string {
  const named = (side: SideName) => `${dispute.sides[side].professional.name} (${dispute.sides[side].agency})`;
  if (viewer.role.kind === 'party') return `with ${named(viewer.role.side === 'raiser' ? 'respondent' : 'raiser')}`;
  return `${named('raiser')} and ${named('respondent')}`;
}

export function statusCard(entries: StatusEntry[]): AdaptiveCardJson {
  return renderCard('status', {
    disputes: entries.map(({ dispute, viewer, threadUrl }) => ({
      reference: dispute.reference,
      between: between(dispute, viewer),
      routeTitle: routeTitle(dispute),
      urgent: Boolean(dispute.immediateRisk) && dispute.status !== 'closed',
      stageText: stageText(dispute),
      dueText: dueText(dispute),
      roleText: roleText(dispute, viewer.role),
      threadUrl,
    })),
  });
}

const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (in full in the document)` : text);

/** The written account as a card for the chat of each person the level it is sent to brings in. */
export function writtenAccountCard(account: WrittenAccount, title = 'Written account of the dispute'): AdaptiveCardJson {
  const lines = (ls: { label: string; value: string }[]) => ls.map((l) => ({ label: l.label, value: clip(formatIfInstant(l.value)) }));
  const shownTried = account.tried.slice(-12);
  const sections = [
    { heading: 'The parties and agencies', lines: lines(account.parties) },
    { heading: 'The concern and the impact on the child', lines: lines(account.concern) },
    { heading: 'Timeline of the stages', lines: account.timeline.map((t) => ({ label: `${t.label}, ${t.title}`, value: `${formatMoment(t.enteredAt)}, ${t.how}. Involved: ${t.involved.join(', ') || 'nobody found'}` })) },
    ...account.positions.map((p) => ({ heading: `Position: ${p.name}, ${p.agency}`, lines: lines(p.lines) })),
    { heading: 'What was tried', lines: shownTried.length ? shownTried.map((t) => ({ label: `${formatMoment(t.at)}, ${t.by}`, value: clip(t.what, 400) })) : [{ label: 'Records', value: 'None added' }] },
    { heading: 'Outstanding issues', lines: account.outstanding.map((o, i) => ({ label: `${i + 1}`, value: clip(o) })) },
    ...(account.referral.length ? [{ heading: 'Referral', lines: lines(account.referral) }] : []),
  ];
  return renderCard('written-account', {
    title,
    reference: account.reference,
    intro: `${account.protocol}. Route: ${account.route}. Raised ${formatMoment(account.raisedAt)}.`,
    sections,
    more: account.tried.length > shownTried.length ? `${account.tried.length - shownTried.length} earlier entries of what was tried are in the document.` : '',
  });
}
