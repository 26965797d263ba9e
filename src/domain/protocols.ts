import {
  OPENING_QUESTION,
  ProtocolDefinition,
  ProtocolError,
  RouteDefinition,
  StageDefinition,
  Timescales,
  validateProtocol,
} from './protocol';

/** The 4LSCB timescales: 1 working day, then 2, 2 and 5. */
export const FOUR_LSCB_TIMESCALES: Timescales = { 1: 1, 2: 2, 3: 2, 4: 5 };

const standardFollowUps = [
  'Which indicators of need in the Thresholds Document are present in the child\'s life now?',
  'What is the impact on the child?',
  'What is the evidence?',
];

const standardRoute: RouteDefinition = {
  id: 'standard',
  title: 'Disagreement between agencies',
  whenToUse: 'A disagreement over another professional\'s decisions, actions or lack of action about a child.',
  opening: { asker: 'respondent', question: OPENING_QUESTION },
  followUpQuestions: standardFollowUps,
  stageTitles: {},
  notes: [],
  finalResolver: 'partnership-board',
  asksForConsent: false,
  decidesConferenceRequest: false,
};

const fourLscbStages: StageDefinition[] = [
  {
    stage: 1,
    title: 'Professional to professional',
    level: 'practitioner',
    guidance:
      'Discuss the difference directly. Set out any indication of risk or need that shows a threshold is met, with the evidence, and agree a resolution and plan.',
    entry: 'timer',
    canConveneMeeting: false,
  },
  {
    stage: 2,
    title: 'First-line manager to first-line manager',
    level: 'first-line',
    guidance:
      'Each professional discusses the issue with their first-line manager or safeguarding professional / Named Nurse, who liaises with the other professional\'s manager, highlighting the child\'s risk or need and why it does or does not meet the threshold. A manager may disagree with their own practitioner\'s assessment; that is confirmed with the other party.',
    entry: 'timer',
    canConveneMeeting: false,
  },
  {
    stage: 3,
    title: 'Senior manager to senior manager',
    level: 'senior',
    guidance:
      'Senior managers discuss the concerns and may jointly convene a Resolving Professional Disagreements Meeting with the practitioners and first-line managers. Seek advice from your agency\'s designated safeguarding children professional.',
    entry: 'timer',
    canConveneMeeting: true,
  },
  {
    stage: 4,
    title: 'Safeguarding Partnership resolution panel (Independent Chair)',
    level: 'final',
    guidance:
      'Line management has been exhausted. The originating agency forwards a written account of the dispute and what was tried; the Independent Chair convenes a resolution panel. Within 5 working days or a shorter timescale that protects the child, whichever is less.',
    entry: 'approval',
    canConveneMeeting: true,
  },
];

export const FOUR_LSCB: ProtocolDefinition = validateProtocol({
  id: '4lscb',
  version: 'v17',
  name: '4LSCB Joint Working Protocol for the Professional Challenge and Resolution of Professional Disagreement',
  source: '4lscb-joint-working-protocol.txt',
  stages: fourLscbStages,
  routes: [
    standardRoute,
    {
      id: 'mash-referral',
      title: 'Disagreement at MASH contact / referral stage',
      whenToUse: 'The MASH or Children\'s Social Care and a referrer disagree about a contact or referral.',
      opening: { asker: 'respondent', question: OPENING_QUESTION },
      followUpQuestions: [
        'Which tier 4 indicators of need in the Thresholds Document are present in the child\'s life now?',
        'Is the child at risk of, or experiencing, significant harm? What is the impact on the child?',
        'What is the evidence?',
        'Do the parents or carers know and agree, or which recorded exception applies?',
      ],
      stageTitles: {},
      notes: [
        'The MASH team starts by asking the referrer: "Help me understand why you are worried?"',
        'Escalation by telephone, meeting or call must be fully recorded by both parties.',
      ],
      finalResolver: 'partnership-board',
      asksForConsent: true,
      decidesConferenceRequest: false,
    },
    {
      id: 'police-social-care',
      title: 'Police and social care: single or joint agency response',
      whenToUse: 'Police and Children\'s Social Care interpret the need for a single or joint agency response differently.',
      opening: { asker: 'respondent', question: OPENING_QUESTION },
      followUpQuestions: [...standardFollowUps, 'Why is a single or a joint agency response needed?'],
      stageTitles: {
        2: 'Team Manager / Sergeant',
        3: 'District or Service Manager / Inspector',
        4: 'Area, Deputy or Assistant Director / Chief Inspector (final resolution)',
      },
      notes: ['At final resolution a discussion or meeting is called involving all parties; outcomes and actions are recorded by every agency.'],
      finalResolver: 'director-level',
      asksForConsent: false,
      decidesConferenceRequest: false,
    },
    {
      id: 'cp-conference-need',
      title: 'Dissent about the need for a Child Protection Conference',
      whenToUse: 'A professional asks Children\'s Social Care to convene a Child Protection Conference and they disagree.',
      opening: { asker: 'respondent', question: OPENING_QUESTION },
      followUpQuestions: [...standardFollowUps, 'Is the request supported by a senior manager or a designated or named professional?'],
      stageTitles: {},
      notes: [
        'The decision to convene a conference rests with Children\'s Social Care.',
        'A request supported by a senior manager, or a designated or named professional, should normally be agreed; a refusal is recorded with its reasons.',
      ],
      finalResolver: 'partnership-board',
      asksForConsent: false,
      decidesConferenceRequest: true,
    },
    {
      id: 'cp-conference-dissent',
      title: 'Dissent at a Child Protection Conference',
      whenToUse: 'A professional dissents from the Conference Chair\'s decision and believes it places the child at (further) risk of significant harm.',
      opening: { asker: 'respondent', question: OPENING_QUESTION },
      followUpQuestions: ['Why does the decision place the child at (further) risk of significant harm?', ...standardFollowUps.slice(1)],
      stageTitles: {
        1: 'Dissenting professional with the Conference Chair',
        2: 'Line manager and/or Designated or Named Professional',
        3: 'Children\'s Social Care senior manager and their equivalent',
        4: 'Appeal to the Safeguarding Partnership',
      },
      notes: ['The Chair\'s decision is final and stands while the dissent is pursued; the dissent is noted.'],
      finalResolver: 'partnership-board',
      asksForConsent: false,
      decidesConferenceRequest: false,
    },
    {
      id: 'cp-plan',
      title: 'Dissent about implementing a Child Protection Plan',
      whenToUse: 'Concern about another professional\'s decisions, actions or lack of action in implementing a Child Protection Plan, including Core Group participation.',
      opening: { asker: 'respondent', question: OPENING_QUESTION },
      followUpQuestions: ['Which parts of the plan are not being implemented?', ...standardFollowUps.slice(1)],
      stageTitles: {
        2: 'First-line managers address the concern',
        3: 'Line management of each agency (Named professionals in health)',
        4: 'Conference Chair: consider a Review Child Protection Conference',
      },
      notes: ['If it cannot be resolved it goes back to the Conference Chair to consider a Review Child Protection Conference.'],
      finalResolver: 'conference-chair',
      asksForConsent: false,
      decidesConferenceRequest: false,
    },
  ],
});

export const SOUTHEND_ESSEX_THURROCK: ProtocolDefinition = validateProtocol({
  id: 'set',
  version: '2026-02-24',
  name: 'Southend, Essex and Thurrock: Resolving Professional Disagreements',
  source: 'set-resolving-professional-disagreements.txt',
  stages: [
    { ...fourLscbStages[0]!, title: 'Direct professional-to-professional discussion', guidance: 'Discuss the differences between frontline professionals to reach a shared understanding and agree a resolution and plan.' },
    {
      ...fourLscbStages[1]!,
      title: 'First-line manager to first-line manager',
      guidance:
        'Each professional discusses the issue with their first-line manager or safeguarding supervisor / Named Nurse, who liaises with the other professional\'s line manager to reach a resolution.',
    },
    {
      ...fourLscbStages[2]!,
      guidance:
        'Senior managers discuss the concerns and, if necessary, call a joint meeting with the professionals and first-line managers. Seek advice from your agency\'s designated safeguarding children professional.',
    },
    {
      ...fourLscbStages[3]!,
      title: 'Multi-Agency Safeguarding Partnership / Board',
      guidance:
        'Referred in a timely way with a written account of the dispute and what attempts have been made to resolve it; a meeting may be convened to seek resolution.',
    },
  ],
  routes: [standardRoute],
});

const registry = new Map<string, ProtocolDefinition>(
  [FOUR_LSCB, SOUTHEND_ESSEX_THURROCK].map((p) => [`${p.id}@${p.version}`, p]),
);

/** The protocol a dispute started under, by the id and version it stored. */
export function protocolVersion(id: string, version: string): ProtocolDefinition {
  const protocol = registry.get(`${id}@${version}`);
  if (!protocol) throw new ProtocolError(`Unknown protocol ${id}@${version}`);
  return protocol;
}

/** The current version of a protocol, for a partnership's configuration. */
export function currentProtocol(id: string): ProtocolDefinition {
  const versions = [...registry.values()].filter((p) => p.id === id);
  if (versions.length === 0) {
    throw new ProtocolError(`Unknown protocol "${id}"; choose one of ${[...new Set([...registry.values()].map((p) => p.id))].join(', ')}`);
  }
  return versions[versions.length - 1]!;
}
