import type { Dispute, SideName } from './dispute';
import { routeOf, stageTitle } from './protocol';
import { protocolVersion } from './protocols';
import { peopleAtStage } from './roles';

/** A fact with a label, as the account lists it. */
export interface Line {
  label: string;
  value: string;
}

export interface TimelineEntry {
  stage: number;
  title: string;
  enteredAt: string;
  how: string;
  involved: string[];
}

export interface Position {
  name: string;
  agency: string;
  lines: Line[];
}

export interface TriedEntry {
  at: string;
  by: string;
  what: string;
}

/**
 * The Stage Four written account of the dispute and of what was tried, compiled from the
 * record. Dates stay as ISO instants; the document and the card format them.
 */
export interface WrittenAccount {
  reference: string;
  protocol: string;
  route: string;
  raisedAt: string;
  parties: Line[];
  concern: Line[];
  timeline: TimelineEntry[];
  positions: Position[];
  tried: TriedEntry[];
  outstanding: string[];
  referral: Line[];
  /** How the dispute ended, once it has. */
  outcome: Line[];
}

const sideLabel = (side: SideName) => (side === 'raiser' ? 'raised the disagreement' : 'the other professional');

export function compileWrittenAccount(d: Dispute): WrittenAccount {
  const protocol = protocolVersion(d.protocol.id, d.protocol.version);
  const route = routeOf(protocol, d.route);
  const sides: SideName[] = ['raiser', 'respondent'];
  const stageVisit = (stage: number) => ({ ...d, stage: stage as Dispute['stage'] });

  const parties = sides.map((side) => ({
    label: `${d.sides[side].professional.name} (${sideLabel(side)})`,
    value: `${d.sides[side].agency}; first-line manager: ${d.sides[side].firstLine.map((p) => p.name).join(', ') || 'none found'}; senior manager: ${d.sides[side].senior.map((p) => p.name).join(', ') || 'none found'}`,
  }));

  const c = d.concern;
  const concern: Line[] = [
    { label: 'Child (case reference, initials)', value: `${d.child.caseReference} (${d.sides.raiser.agency}), ${d.child.initials}` },
    { label: 'The disagreement', value: c.about },
    { label: 'Indicators of need cited', value: c.indicators.join('; ') },
    { label: 'Threshold tier', value: c.tier.replace('tier-', 'Tier ') },
    { label: 'Impact on the child', value: c.impact },
    { label: 'Tried before raising', value: c.tried || 'Nothing recorded' },
    ...(route.asksForConsent ? [{ label: 'Parental consent', value: c.consent }] : []),
    ...(d.immediateRisk ? [{ label: 'Immediate risk', value: `Declared by ${d.immediateRisk.by.name} at ${d.immediateRisk.declaredAt}` }] : []),
    ...(d.stoodDownRisks ?? []).map((r) => ({ label: 'Immediate risk (dealt with)', value: `Declared by ${r.declaredBy.name} at ${r.declaredAt}; recorded as dealt with by ${r.stoodDownBy.name} at ${r.stoodDownAt}: ${r.reason}` })),
  ];

  const timeline: TimelineEntry[] = d.stages.map((visit) => ({
    stage: visit.stage,
    title: stageTitle(protocol, d.route, visit.stage),
    enteredAt: visit.enteredAt,
    how: visit.how === 'raised' ? 'raised' : visit.how === 'approved' ? `escalation approved by ${visit.by?.name ?? 'a manager'}${visit.reason ? `, because: ${visit.reason}` : ', no reason given'}` : 'timescale ran out without an agreed outcome',
    involved: peopleAtStage(stageVisit(visit.stage), visit.stage).map((p) => p.name),
  }));

  const positions: Position[] = sides.flatMap((side) => {
    const a = d.accounts[side];
    const views = d.managerViews.filter((v) => v.side === side).map((v) => ({ label: `Manager's view (${v.by.name})`, value: v.view }));
    if (!a && views.length === 0) return [{ name: d.sides[side].professional.name, agency: d.sides[side].agency, lines: [{ label: 'Position', value: 'No account recorded' }] }];
    return [{
      name: d.sides[side].professional.name,
      agency: d.sides[side].agency,
      lines: [
        ...(a ? [
          { label: 'Position', value: a.position },
          { label: 'Indicators present', value: a.indicators.join('; ') || 'None chosen' },
          { label: 'Impact on the child', value: a.impact },
          { label: 'Evidence', value: a.evidence || 'None given' },
        ] : []),
        ...views,
      ],
    }];
  });

  const tried: TriedEntry[] = [
    ...d.records.map((r) => ({ at: r.heldAt, by: r.by.name, what: `${r.corrects ? 'Correction. ' : ''}Conversation with ${r.participants}: ${r.discussed}${r.agreed ? ` Agreed: ${r.agreed}` : ''}` })),
    ...d.meetings.map((m) => ({ at: m.at, by: m.convenedBy.name, what: `Resolving Professional Disagreements Meeting at ${m.location} with ${m.attendees.map((a) => a.name).join(', ')}` })),
    ...d.declinedEscalations.map((x) => ({ at: x.at, by: x.by.name, what: `Escalation declined: ${x.reason}` })),
    ...d.stages.flatMap((v) => (v.how === 'approved' && v.reason ? [{ at: v.enteredAt, by: v.by?.name ?? 'A manager', what: `Escalation approved: ${v.reason}` }] : [])),
    ...(d.conferenceRequest ? [{ at: d.conferenceRequest.at, by: d.conferenceRequest.by.name, what: `Request for a Child Protection Conference ${d.conferenceRequest.agreed ? 'agreed' : 'refused'}. ${d.conferenceRequest.reasons}` }] : []),
  ].sort((a, b) => a.at.localeCompare(b.at));

  const actionLines = (actions: { description: string; owner: string; due: string }[]) => actions.map((a, i) => ({ label: `Action ${i + 1}`, value: `${a.description} (owner: ${a.owner}; by ${a.due})` }));
  const closure = d.status === 'closed' ? d.closure : undefined;
  const outcome: Line[] =
    closure?.how === 'agreed'
      ? [
          { label: 'Agreed outcome', value: closure.proposal.outcome },
          { label: 'Confirmed', value: closure.at },
          { label: 'How outstanding issues will be pursued', value: closure.proposal.howPursued || 'Not stated' },
          ...actionLines(closure.proposal.actions),
        ]
      : closure?.how === 'withdrawn'
        ? [{ label: 'Withdrawn', value: `${closure.at} by ${closure.by.name}: ${closure.reason}` }]
        : closure?.how === 'decided'
          ? [{ label: 'Decision of the panel', value: closure.decision }, { label: 'Recorded', value: `${closure.at} by ${closure.by.name}` }, ...actionLines(closure.actions)]
          : [];
  const outstanding =
    closure?.how === 'agreed'
      ? [closure.proposal.outstandingIssues || 'None recorded.']
      : [
          ...(d.proposal ? [`A proposed outcome was not confirmed by everyone: ${d.proposal.outcome}`, ...(d.proposal.outstandingIssues ? [d.proposal.outstandingIssues] : [])] : []),
          ...sides.filter((s) => !d.accounts[s]).map((s) => `${d.sides[s].professional.name} has not recorded an account.`),
          ...(d.stage >= 4 ? ['The professionals and their managers did not reach an agreed outcome at Stages 1 to 3.'] : []),
        ];

  const stage4 = d.stages.find((s) => s.stage === 4);
  const referral: Line[] = stage4
    ? [
        { label: 'Referred', value: stage4.enteredAt },
        { label: 'Approved by', value: stage4.by?.name ?? 'not recorded' },
        ...(d.status !== 'closed' && d.stage === 4 ? [{ label: 'Stage 4 due', value: d.deadline.due }] : []),
      ]
    : [];

  return {
    reference: d.reference,
    protocol: protocol.name,
    route: route.title,
    raisedAt: d.raisedAt,
    parties,
    concern,
    timeline,
    positions,
    tried,
    outstanding,
    referral,
    outcome,
  };
}
