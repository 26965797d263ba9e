import type { Dispute, SideName } from '../domain/dispute';
import { concernLines, entryPhrase, formatDay, formatMoment } from '../domain/narrative';
import { narrate } from '../commands/words';
import { levelAt, rungsUsed, rungTitle } from '../domain/protocol';
import { leadsOf } from '../domain/roles';

/** A fact with a label, as the account lists it. */
export interface Line {
  label: string;
  value: string;
}

export interface TimelineEntry {
  stage: number;
  /** "Stage 2" (or however the protocol names the level). */
  label: string;
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
 * The written account of the dispute and of what was tried, compiled from the
 * record, in the dispute's narrative words. Instants (`raisedAt`, `enteredAt`, `at`) stay ISO for
 * sorting; every value a reader sees is already in words and UK time.
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
  const protocol = d.protocol;
  const sides: SideName[] = ['raiser', 'respondent'];
  // The rungs the route's ladder brings in, each with who holds it for this agency.
  const rungs = rungsUsed(protocol);
  const chainText = (side: SideName) =>
    rungs.map((rung) => `${rungTitle(protocol, rung)}: ${(d.sides[side].managers[rung] ?? []).map((p) => p.name).join(', ') || 'none found'}`).join('; ');

  const parties = sides.map((side) => ({
    label: `${d.sides[side].professional.name} (${sideLabel(side)})`,
    value: `${d.sides[side].agency}${rungs.length ? `; ${chainText(side)}` : ''}`,
  }));

  const concern: Line[] = [
    { label: 'Child (case reference, initials)', value: `${d.child.caseReference} (${d.sides.raiser.agency}), ${d.child.initials}` },
    ...concernLines(d),
    ...(d.immediateRisk ? [{ label: 'Immediate risk', value: `Declared by ${d.immediateRisk.by.name}, ${formatMoment(d.immediateRisk.declaredAt)}` }] : []),
    ...(d.stoodDownRisks ?? []).map((r) => ({ label: 'Immediate risk (dealt with)', value: `Declared by ${r.declaredBy.name}, ${formatMoment(r.declaredAt)}; recorded as dealt with by ${r.stoodDownBy.name}, ${formatMoment(r.stoodDownAt)}: ${r.reason}` })),
  ];

  const timeline: TimelineEntry[] = d.stages.map((visit) => ({
    stage: visit.stage,
    label: levelAt(protocol, visit.stage).label,
    title: levelAt(protocol, visit.stage).title,
    enteredAt: visit.enteredAt,
    how: entryPhrase(d, visit),
    involved: leadsOf(d, visit.stage).map((p) => p.name),
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

  const tried: TriedEntry[] = narrate(d).filter((e) => e.tried).map((e) => ({ at: e.at, by: e.who, what: e.what }));

  const actionLines = (actions: { description: string; owner: string; due: string }[]) => actions.map((a, i) => ({ label: `Action ${i + 1}`, value: `${a.description} (owner: ${a.owner}; by ${formatDay(a.due)})` }));
  const closure = d.status === 'closed' ? d.closure : undefined;
  const outcome: Line[] =
    closure?.how === 'agreed'
      ? [
          { label: 'Agreed outcome', value: closure.proposal.outcome },
          { label: 'Confirmed', value: formatMoment(closure.at) },
          { label: 'How outstanding issues will be pursued', value: closure.proposal.howPursued || 'Not stated' },
          ...actionLines(closure.proposal.actions),
        ]
      : closure?.how === 'withdrawn'
        ? [{ label: 'Withdrawn', value: `${formatMoment(closure.at)} by ${closure.by.name}: ${closure.reason}` }]
        : closure?.how === 'decided'
          ? [{ label: `Decision (${levelAt(protocol, closure.stage).title})`, value: closure.decision }, { label: 'Recorded', value: `${formatMoment(closure.at)} by ${closure.by.name}` }, ...actionLines(closure.actions)]
          : [];
  const earlierLevels = d.stages.filter((s) => s.stage < d.stage).map((s) => levelAt(protocol, s.stage).label);
  const outstanding =
    closure?.how === 'agreed'
      ? [closure.proposal.outstandingIssues || 'None recorded.']
      : [
          ...(d.proposal ? [`A proposed outcome was not confirmed by everyone: ${d.proposal.outcome}`, ...(d.proposal.outstandingIssues ? [d.proposal.outstandingIssues] : [])] : []),
          ...sides.filter((s) => !d.accounts[s]).map((s) => `${d.sides[s].professional.name} has not recorded an account.`),
          ...(earlierLevels.length ? [`The professionals and their managers did not reach an agreed outcome at ${[...new Set(earlierLevels)].join(', ')}.`] : []),
        ];

  const referredTo = [...d.stages].reverse().find((s) => levelAt(protocol, s.stage).writtenAccount);
  const referral: Line[] = referredTo
    ? [
        { label: 'Referred', value: formatMoment(referredTo.enteredAt) },
        { label: 'Approved by', value: referredTo.by?.name ?? 'not recorded' },
        ...(d.status !== 'closed' && d.stage === referredTo.stage ? [{ label: `${levelAt(protocol, referredTo.stage).label} due`, value: formatMoment(d.deadline.due) }] : []),
      ]
    : [];

  return {
    reference: d.reference,
    protocol: protocol.name,
    route: protocol.route.title,
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

