/** What a person typed, as one of the things the bot can do for them. */
export type Intent = 'raise' | 'status' | 'help' | 'unknown';

const RAISE = /\b(raise|raising|new (dispute|disagreement|challenge)|(start|open|log|make|begin) (a |an )?(professional )?(dispute|disagreement|challenge|escalation)|i (disagree|want to challenge|need to challenge|want to escalate)|challenge (a|their|the) decision)\b/;
const STATUS = /\b(status|my (disputes|disagreements|cases)|open (disputes|disagreements)|where (are|is) (my|it|things)|progress|what('?s| is) (happening|due|next))\b/;
const HELP = /^(hi|hello|hey|hiya|morning|afternoon|good (morning|afternoon|evening))\b|\b(help|how (do|does|can)|what (do|can|should) i|what is this|what does this (bot )?do|guide|instructions|menu|commands?)\b|\?\s*$/;

/**
 * The common ways professionals ask for the bot's three things. Recognised by plain patterns:
 * a short sentence in a work chat, and anything unrecognised still gets a short help.
 */
export function intentOf(typed: string): Intent {
  const text = typed.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
  if (!text) return 'unknown';
  if (RAISE.test(text)) return 'raise';
  if (STATUS.test(text)) return 'status';
  if (HELP.test(text)) return 'help';
  return 'unknown';
}
