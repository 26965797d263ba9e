import type { Concern } from '../domain/dispute';
import type { ProtocolDefinition } from '../domain/protocol';
import { FIELD_LIMITS, overLimit } from '../commands/field-limits';
import { EMPTY_RAISE_FORM, RaiseFormValues } from '../cards/views';
import { consentChoices, NOT_A_MASH_REFERRAL } from '../domain/narrative';

/** A checked raise card: who and where, the child's reference, and the concern as the domain keeps it. */
export interface ValidRaiseForm extends Concern {
  respondentId: string;
  raiserAgency: string;
  respondentAgency: string;
  route: string;
  caseReference: string;
  initials: string;
  immediateRisk: boolean;
}

export type RaiseFormResult = { ok: true; form: ValidRaiseForm; values: RaiseFormValues } | { ok: false; errors: string[]; values: RaiseFormValues };

export interface RaiseFormRules {
  protocol: ProtocolDefinition;
  agencies: string[];
  indicators: string[];
  /** Whether a directory id the form names is the person raising. */
  isRaiser(directoryId: string): boolean;
  /** The raiser's agency in the partnership directory; only someone it does not know picks one. */
  raiserAgency?: string;
  /** A professional's agency in the partnership directory. */
  agencyOf(id: string): string | undefined;
}


/** Initials only: one to four letters, with or without dots ("J.B.", "JB", "J B"). */
function normaliseInitials(raw: string): string | undefined {
  const letters = raw.replace(/[.\s]/g, '');
  if (!/^[A-Za-z]{1,4}$/.test(letters) || !/^([A-Za-z]\.?\s?){1,4}$/.test(raw.trim())) return undefined;
  return letters.toUpperCase().split('').map((l) => `${l}.`).join('');
}

/**
 * Check the raise card's answers. Every problem is named with the card's own label and what
 * to do about it; nothing is saved until all are fixed.
 */
export function validateRaiseForm(data: Record<string, unknown>, rules: RaiseFormRules): RaiseFormResult {
  const values: RaiseFormValues = { ...EMPTY_RAISE_FORM };
  for (const key of Object.keys(values) as (keyof RaiseFormValues)[]) {
    const v = data[key];
    if (typeof v === 'string') values[key] = v;
    else if (typeof v === 'boolean') values[key] = String(v);
  }
  const text = (key: keyof RaiseFormValues) => values[key].trim();
  const errors: string[] = [];

  const respondentId = text('respondentId');
  const respondentAgency = respondentId ? rules.agencyOf(respondentId) ?? '' : '';
  if (!respondentId) errors.push('The other professional: choose the professional you disagree with.');
  else if (rules.isRaiser(respondentId)) errors.push('The other professional: choose someone other than yourself.');
  else if (!respondentAgency) errors.push('The other professional: they are not in the partnership directory yet; ask the partnership to add them.');

  // Agencies come from the directory, never from the card, so the "between agencies" rule holds.
  const raiserAgency = rules.raiserAgency ?? text('raiserAgency');
  values.raiserAgency = raiserAgency;
  values.respondentAgency = respondentAgency;
  if (!rules.agencies.includes(raiserAgency)) errors.push('Your agency: choose your agency from the list.');
  if (raiserAgency && raiserAgency === respondentAgency) {
    errors.push(`The other professional: they are also in ${raiserAgency}. This protocol is for disagreements between agencies; for a disagreement within your agency, follow your in-house procedure.`);
  }

  const route = rules.protocol.routes.find((r) => r.id === text('route'));
  if (!route) errors.push('What kind of disagreement: choose one from the list.');

  const caseReference = text('caseReference');
  if (!caseReference) errors.push('Child\'s case reference in your agency: enter it.');
  else if (caseReference.length > FIELD_LIMITS.caseReference) errors.push(overLimit('Child\'s case reference in your agency', 'caseReference', caseReference.length));
  else if (!/^[A-Za-z0-9][A-Za-z0-9\-/ ]*$/.test(caseReference)) errors.push('Child\'s case reference in your agency: use letters, digits, - and / only.');

  const initials = normaliseInitials(values.initials);
  if (!initials) errors.push('Child\'s initials: enter initials only, such as J.B., never the child\'s name.');

  for (const [key, label, required] of [['about', 'What the disagreement is about', true], ['impact', 'Impact on the child', true], ['tried', 'What has been tried so far', false]] as const) {
    const value = text(key);
    if (required && !value) errors.push(`${label}: this is required.`);
    else if (value.length > FIELD_LIMITS[key]) errors.push(overLimit(label, key, value.length));
  }

  const indicators = values.indicators.split(',').map((s) => s.trim()).filter(Boolean);
  if (indicators.length === 0) errors.push('Indicators of need present now: choose at least one.');
  else if (indicators.some((i) => !rules.indicators.includes(i))) errors.push('Indicators of need present now: choose from the list.');

  // The tier and consent are asked where the protocol lists them; the card shows only its choices.
  const tiers = rules.protocol.thresholdTiers ?? [];
  const tier = tiers.length ? tiers.find((t) => t.value === text('tier'))?.value : '';
  if (tier === undefined) errors.push('Threshold tier you believe is met: choose a tier.');

  const asksForConsent = rules.protocol.routes.some((r) => r.asksForConsent);
  const consent = asksForConsent ? consentChoices(rules.protocol).find((o) => o.value === text('consent'))?.value : NOT_A_MASH_REFERRAL.value;
  if (!consent) errors.push('Parental consent: choose an option.');
  else if (route?.asksForConsent && consent === NOT_A_MASH_REFERRAL.value) {
    errors.push('Parental consent: for a MASH contact or referral, say whether parents know and agree, or which exception applies.');
  }

  if (errors.length > 0 || !route || tier === undefined || !consent || !initials) return { ok: false, errors, values };
  return {
    ok: true,
    values,
    form: {
      respondentId, raiserAgency, respondentAgency, route: route.id, caseReference, initials,
      about: text('about'), indicators, tier, impact: text('impact'), tried: text('tried'), consent,
      immediateRisk: values.immediateRisk === 'true',
    },
  };
}
