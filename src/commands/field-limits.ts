/**
 * The most characters each typed field on the bot's cards takes. One table gives the card its
 * `maxLength` and the words saying so on the card (cards/render.ts), and the check on what arrives
 * (each command's card contract, raise-form.ts), so the three never disagree.
 */
export const FIELD_LIMITS = {
  // The raise card
  caseReference: 30,
  initials: 8,
  about: 1000,
  impact: 1000,
  tried: 1000,
  // A person's view of a dispute
  accountPosition: 2000,
  accountImpact: 1000,
  accountEvidence: 1000,
  recordParticipants: 300,
  recordDiscussed: 2000,
  recordAgreed: 2000,
  escalationReason: 1000,
  requestReason: 1000,
  managerView: 2000,
  meetingLocation: 300,
  outcome: 2000,
  outstandingIssues: 2000,
  outcomeActions: 3000,
  howPursued: 1000,
  changesReason: 1000,
  decision: 3000,
  decisionActions: 3000,
  referReason: 1000,
  conferenceReasons: 2000,
  withdrawReason: 1000,
  standDownReason: 1000,
  learningNotes: 1000,
  recognitionNote: 1000,
  meetingAgreed: 2000,
  meetingActions: 3000,
  meetingCancelReason: 1000,
} as const;

export type LimitedField = keyof typeof FIELD_LIMITS;

export const isLimitedField = (id: unknown): id is LimitedField => typeof id === 'string' && Object.hasOwn(FIELD_LIMITS, id);

/** "2,000 characters" */
export const limitWords = (field: LimitedField): string => `${FIELD_LIMITS[field].toLocaleString('en-GB')} characters`;

/** The refusal for a field over its limit: its label, the limit, and how much was typed, never the text itself. */
export const overLimit = (label: string, field: LimitedField, length: number): string => `${label}: at most ${limitWords(field)} (you have ${length.toLocaleString('en-GB')}).`;
