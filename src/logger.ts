import pino, { Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Log lines carry dispute ids, references, stages and outcomes, never a
 * child's details or anything a person typed. The redaction list is a second line of
 * defence should a whole object ever be logged by mistake.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'professional-disagreements-bot' },
      redact: {
        paths: ['child', 'concern', 'accounts', 'state', 'value', 'text', 'attachments', '*.child', '*.concern', '*.accounts', '*.state', '*.value', '*.text', '*.attachments'],
        censor: '[confidential]',
      },
    },
    destination,
  );
}
