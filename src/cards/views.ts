import { DateTime } from 'luxon';
import type { DecideContext } from '../domain/decide';
import type { Actor, ConsentBasis, Dispute, PersonRef, SideName, Theme, ThresholdTier } from '../domain/dispute';
import { ProtocolDefinition, routeOf, stageOf } from '../domain/protocol';
import { protocolVersion } from '../domain/protocols';
import { entitledViewers, managersInvolved, parties } from '../domain/roles';
import { allowedActions } from './allowed-actions';
import { dueText, formatIfInstant, formatMoment, roleText, routeTitle, stageName, stageText } from './format';
import type { WrittenAccount } from '../domain/written-account';
import { AdaptiveCardJson, renderCard } from './render';

export const TIERS: { value: ThresholdTier; title: string }[] = [
  { value: 'tier-1', title: 'Tier 1: universal' },
  { value: 'tier-2', title: 'Tier 2: early help' },
  { value: 'tier-3', title: 'Tier 3: targeted / child in need' },
  { value: 'tier-4', title: 'Tier 4: specialist / child protection' },
];

export const CONSENT_OPTIONS: { value: ConsentBasis; title: string }[] = [
  { value: 'given', title: 'Parents / carers know and agree' },
  { value: 'risk-of-significant-harm', title: 'Exception: asking would put a child or others at risk of significant harm' },
  { value: 'undermine-crime-investigation', title: 'Exception: asking would undermine the prevention, detection or prosecution of a crime' },
  { value: 'refused-tier-3-4-met', title: 'Exception: consent sought or refused, and tier 3 or 4 indicators are clearly met' },
  { value: 'fabricated-induced-illness', title: 'Exception: fabricated or induced illness is suspected' },
  { value: 'not-applicable', title: 'Not a MASH contact or referral' },
];

export const THEME_TITLES: Record<Theme, string> = {
  thresholds: 'Thresholds',
  'assessment-outcome': 'Assessment outcome',
  'plan-progress': 'Progress of a plan',
  'information-sharing': 'Information sharing',
  'service-provision': 'Service provision',
  'roles-and-responsibilities': 'Roles and responsibilities',
  other: 'Other',
};

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

export const mentionEntity = (p: PersonRef) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } });

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
  respondentId: '', raiserAgency: '', respondentAgency: '', route: 'standard', caseReference: '', initials: '', about: '',
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
  return renderCard('raise-form', {
    ...view,
    routes: view.protocol.routes.map((r) => ({ id: r.id, title: r.title })),
    tiers: TIERS,
    consentOptions: CONSENT_OPTIONS,
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
    writtenAccountText: `Due by ${formatMoment(dispute.writtenAccountDue)}`,
    threadUrl,
  });
}

/** Teams accepts at most 60 user ids in refresh.userIds. */
const viewerIds = (dispute: Dispute): string[] => entitledViewers(dispute).map((p) => p.id).slice(0, 60);

/** What the thread card asks of whom now, following the stage (never a time-bound "today"). */
export function threadPrompt(dispute: Dispute): string {
  if (dispute.status === 'closed') return 'This disagreement is closed. The people involved can read the written confirmation in their view of the card.';
  const urgent = dispute.immediateRisk ? `The child has been declared at immediate risk of significant harm: call 999 if you have not, and every stage now runs on ${dispute.protocol.urgent.hoursPerStage} clock hours. ` : '';
  if (dispute.status === 'awaiting-referral-approval') return `${urgent}The timescale has run out without an agreed outcome: a senior manager decides whether to refer it to the Safeguarding Partnership.`;
  const level = stageOf(protocolVersion(dispute.protocol.id, dispute.protocol.version), dispute.stage).level;
  const who = {
    practitioner: 'The two professionals talk directly and try to resolve it together before it is due.',
    'first-line': 'The first-line managers now discuss it with each other, with their practitioners.',
    senior: 'The senior managers now discuss it, and may convene a Resolving Professional Disagreements Meeting.',
    final: 'The Safeguarding Partnership now considers it.',
  }[level];
  return `${urgent}${who}`;
}

/** The card everyone in the channel sees: reference, route, stage and due time, nothing about the child. */
export function threadCard(dispute: Dispute, notice = ''): AdaptiveCardJson {
  const [raiser, respondent] = parties(dispute) as [PersonRef, PersonRef];
  return renderCard('dispute-thread', {
    disputeId: dispute.id,
    reference: dispute.reference,
    routeTitle: routeTitle(dispute),
    stageText: stageText(dispute),
    dueText: dueText(dispute),
    viewerIds: viewerIds(dispute),
    notice,
    mentionText: `<at>${raiser.name}</at> has raised a professional disagreement with <at>${respondent.name}</at>.`,
    prompt: threadPrompt(dispute),
    mentions: [mentionEntity(raiser), mentionEntity(respondent)],
  });
}

function details(dispute: Dispute, protocol: ProtocolDefinition): { label: string; value: string }[] {
  const c = dispute.concern;
  const route = routeOf(protocol, dispute.route);
  const rows = [
    { label: 'Child\'s case reference', value: `${dispute.child.caseReference} (${dispute.sides.raiser.agency})` },
    { label: 'Child\'s initials', value: dispute.child.initials },
    { label: 'Raised by', value: `${dispute.sides.raiser.professional.name}, ${dispute.sides.raiser.agency}, ${formatMoment(dispute.raisedAt)}` },
    { label: 'With', value: `${dispute.sides.respondent.professional.name}, ${dispute.sides.respondent.agency}` },
    { label: 'What it is about', value: c.about },
    { label: 'Indicators of need present', value: c.indicators.join('; ') },
    { label: 'Threshold tier', value: TIERS.find((t) => t.value === c.tier)?.title ?? c.tier },
    { label: 'Impact on the child', value: c.impact },
    { label: 'What has been tried', value: c.tried || 'Nothing recorded' },
  ];
  if (route.asksForConsent) rows.push({ label: 'Parental consent', value: CONSENT_OPTIONS.find((o) => o.value === c.consent)?.title ?? c.consent });
  return rows;
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
  const items: { at: string; who: string; what: string }[] = [];
  dispute.stages.slice(1).forEach((s) =>
    items.push({ at: s.enteredAt, who: s.by?.name ?? 'Protocol clock', what: `${stageName(dispute, s.stage)} started (${s.how === 'approved' ? `escalation approved${s.reason ? `: ${s.reason}` : ', no reason given'}` : 'timescale ran out'})` }),
  );
  dispute.records.forEach((r) => items.push({ at: r.recordedAt, who: r.by.name, what: `${r.corrects ? 'Correction to an earlier record. ' : ''}Conversation on ${formatMoment(r.heldAt)} with ${r.participants}. Discussed: ${r.discussed}. Agreed: ${r.agreed || 'nothing yet'}` }));
  dispute.managerViews.forEach((v) => items.push({ at: v.at, who: v.by.name, what: `Disagrees with their own practitioner's assessment: ${v.view}` }));
  dispute.meetings.forEach((m) => items.push({ at: m.at, who: m.convenedBy.name, what: `Resolving Professional Disagreements Meeting on ${formatMoment(m.at)} at ${m.location}, with ${m.attendees.map((a) => a.name).join(', ')}` }));
  dispute.declinedEscalations.forEach((d) => items.push({ at: d.at, who: d.by.name, what: `Declined escalation: ${d.reason}` }));
  if (dispute.escalationRequest) items.push({ at: dispute.escalationRequest.at, who: dispute.escalationRequest.by.name, what: `Asked to escalate: ${dispute.escalationRequest.reason}` });
  if (dispute.conferenceRequest) items.push({ at: dispute.conferenceRequest.at, who: dispute.conferenceRequest.by.name, what: `${dispute.conferenceRequest.agreed ? 'Agreed' : 'Refused'} the request for a Child Protection Conference. ${dispute.conferenceRequest.reasons}` });
  if (dispute.immediateRisk) items.push({ at: dispute.immediateRisk.declaredAt, who: dispute.immediateRisk.by.name, what: 'Declared the child at immediate risk of significant harm' });
  dispute.stoodDownRisks?.forEach((r) => {
    items.push({ at: r.declaredAt, who: r.declaredBy.name, what: 'Declared the child at immediate risk of significant harm' });
    items.push({ at: r.stoodDownAt, who: r.stoodDownBy.name, what: `Recorded that the immediate risk has been dealt with: ${r.reason}. The working-day timescale applies again.` });
  });
  const p = dispute.proposal ?? (dispute.status === 'closed' && dispute.closure.how === 'agreed' ? dispute.closure.proposal : undefined);
  if (p) {
    const actions = p.actions.map((a) => `${a.description} (${a.owner}, by ${formatDay(a.due)})`).join('; ') || 'none';
    items.push({ at: p.at, who: p.by.name, what: `Proposed outcome: ${p.outcome}. Outstanding issues: ${p.outstandingIssues || 'none'}. Actions: ${actions}. How pursued: ${p.howPursued || 'not stated'}. Confirmed by ${p.confirmedBy.length}.` });
  }
  if (dispute.status === 'closed' && dispute.closure.how === 'withdrawn') items.push({ at: dispute.closure.at, who: dispute.closure.by.name, what: `Withdrew the disagreement: ${dispute.closure.reason}` });
  dispute.themes?.forEach((t) => items.push({ at: t.at, who: t.by.name, what: `Themes for the partnership's learning: ${t.themes.map((x) => THEME_TITLES[x]).join(', ')}` }));
  if (dispute.status === 'closed' && dispute.closure.how === 'decided') items.push({ at: dispute.closure.at, who: dispute.closure.by.name, what: `Recorded the panel's decision: ${dispute.closure.decision}` });
  return items.sort((a, b) => a.at.localeCompare(b.at)).map((i) => ({ when: formatMoment(i.at), who: i.who, what: i.what }));
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
}

/**
 * The user-specific view: details and the buttons this person may press, for those entitled
 * only. It carries no `refresh`: teams-ai answers a card with `refresh` by replacing the
 * message for everyone, which would show one person's view to the whole channel.
 */
export function disputeViewCard(dispute: Dispute, viewer: Actor, options: DisputeViewOptions): AdaptiveCardJson {
  const protocol = protocolVersion(dispute.protocol.id, dispute.protocol.version);
  const route = routeOf(protocol, dispute.route);
  const role = viewer.role;
  const can = allowedActions(dispute, viewer, options.now, options.ctx);
  const side = role.kind === 'party' ? role.side : undefined;
  const mine = side ? dispute.accounts[side] : undefined;
  const other = side ? dispute.sides[side === 'raiser' ? 'respondent' : 'raiser'].professional : undefined;
  const asker = route.opening.asker === 'respondent' ? dispute.sides.respondent.professional : dispute.sides.raiser.professional;
  const worried = route.opening.asker === 'respondent' ? 'raiser' : 'respondent';
  const openingIntro = side === worried ? `${asker.name} asks you:` : `Start by asking ${dispute.sides[worried].professional.name}:`;
  const dueAccount = new Date(dispute.writtenAccountDue);
  const people = [...parties(dispute), ...managersInvolved(dispute)];
  const stageDef = protocol.stages[dispute.stage - 1]!;
  const ownSide = side ? dispute.sides[side] : undefined;
  const missingLevels = [
    ...(ownSide && ownSide.firstLine.length === 0 ? [{ value: 'first-line', title: 'First-line manager (or safeguarding supervisor / Named Nurse)' }] : []),
    ...(ownSide && ownSide.senior.length === 0 ? [{ value: 'senior', title: 'Senior manager' }] : []),
  ];
  return renderCard('dispute-view', {
    disputeId: dispute.id,
    reference: dispute.reference,
    notice: options.notice?.text ?? '',
    noticeStyle: options.notice?.good === false ? 'attention' : 'good',
    routeTitle: routeTitle(dispute),
    stageText: stageText(dispute),
    stage: dispute.stage,
    dueText: dueText(dispute),
    roleText: roleText(dispute, role),
    immediateRisk: Boolean(dispute.immediateRisk),
    emergencyContact: options.emergencyContact,
    urgentHours: dispute.protocol.urgent.hoursPerStage,
    stageGuidance: dispute.status === 'closed' ? '' : stageDef.guidance,
    routeNotes: [...route.notes],
    details: details(dispute, protocol),
    opening: { show: dispute.stage === 1 && dispute.status !== 'closed' && side !== undefined, intro: openingIntro, question: route.opening.question },
    followUps: [...route.followUpQuestions],
    writtenAccountReminder:
      side === 'raiser' && !mine && dispute.status !== 'closed'
        ? `Your written account of concerns to ${other?.name} ${dueAccount > options.now ? 'is due' : 'was due'} by ${formatMoment(dispute.writtenAccountDue)}: record your account below.`
        : '',
    adviceName: side === 'raiser' && dispute.stage === 1 && options.advice ? options.advice.name : '',
    adviceRole: options.advice?.role ?? '',
    accounts: accounts(dispute),
    history: history(dispute),
    can: { ...can, nameManager: can.nameManager === true && missingLevels.length > 0 && (options.managerChoices ?? []).length > 0 },
    managerChoices: options.managerChoices ?? [],
    managerLevelChoices: missingLevels,
    managerLevelDefault: missingLevels[0]?.value ?? '',
    rev: options.rev ?? 0,
    themeChoices: Object.entries(THEME_TITLES).map(([value, title]) => ({ value, title })),
    myThemes: dispute.themes?.filter((t) => t.by.id === viewer.id).at(-1)?.themes.join(',') ?? '',
    recordChoices: dispute.records.map((r) => ({ id: r.id, title: `${formatMoment(r.heldAt)}, recorded by ${r.by.name}` })),
    accountPrompt: side === 'raiser' ? 'Why you are worried' : 'Your position, and the reasons for it',
    myAccount: { position: mine?.position ?? '', indicators: mine?.indicators.join(',') ?? '', impact: mine?.impact ?? '', evidence: mine?.evidence ?? '' },
    indicatorChoices: options.indicators,
    approveTitle: dispute.stage === 1 ? 'Approve escalation to Stage 2' : dispute.stage === 2 ? 'Escalate to Stage 3 now' : 'Approve referral to the Safeguarding Partnership',
    attendeeChoices: people.map((p) => ({ id: p.id, name: p.name })),
    attendeeDefault: people.map((p) => p.id).join(','),
  });
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

/** An ISO date as "Wed 25 Nov 2026"; anything else as typed. */
function formatDay(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date).setLocale('en-GB').toFormat('ccc d LLL yyyy') : date;
}

const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (in full in the document)` : text);

/** The Stage Four written account as a card for the secretariat's chat. */
export function writtenAccountCard(account: WrittenAccount, title = 'Stage Four written account'): AdaptiveCardJson {
  const lines = (ls: { label: string; value: string }[]) => ls.map((l) => ({ label: l.label, value: clip(formatIfInstant(l.value)) }));
  const shownTried = account.tried.slice(-12);
  const sections = [
    { heading: 'The parties and agencies', lines: lines(account.parties) },
    { heading: 'The concern and the impact on the child', lines: lines(account.concern) },
    { heading: 'Timeline of the stages', lines: account.timeline.map((t) => ({ label: `Stage ${t.stage}, ${t.title}`, value: `${formatMoment(t.enteredAt)}, ${t.how}. Involved: ${t.involved.join(', ') || 'nobody found'}` })) },
    ...account.positions.map((p) => ({ heading: `Position: ${p.name}, ${p.agency}`, lines: lines(p.lines) })),
    { heading: 'What was tried', lines: shownTried.length ? shownTried.map((t) => ({ label: `${formatMoment(t.at)}, ${t.by}`, value: clip(t.what, 400) })) : [{ label: 'Records', value: 'None added' }] },
    { heading: 'Outstanding issues', lines: account.outstanding.map((o, i) => ({ label: `${i + 1}`, value: clip(o) })) },
    ...(account.referral.length ? [{ heading: 'Referral to the partnership', lines: lines(account.referral) }] : []),
  ];
  return renderCard('written-account', {
    title,
    reference: account.reference,
    intro: `${account.protocol}. Route: ${account.route}. Raised ${formatMoment(account.raisedAt)}.`,
    sections,
    more: account.tried.length > shownTried.length ? `${account.tried.length - shownTried.length} earlier entries of what was tried are in the document.` : '',
  });
}
