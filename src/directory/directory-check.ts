import type { ProtocolDefinition } from '../domain/protocol';
import { bodiesNamed } from '../protocols/protocol-file';
import type { Directory } from './partnership-directory';

/**
 * What a partnership directory lacks for the protocol the bot runs: every body the protocol
 * names (a conference chairs' list, a board, the secretariat) must have at least one person.
 * Empty: nothing is missing. The bot refuses to start on any of these; `npm run
 * directory:check` says the same before a deployment.
 */
export function directoryProblems(directory: Pick<Directory, 'body'>, protocol: ProtocolDefinition): string[] {
  return bodiesNamed(protocol)
    .filter((body) => directory.body(body).length === 0)
    .map((body) => `protocol ${protocol.id} names "${body}", which the partnership directory does not list: add it under "bodies" (or "secretariat"), with at least one person`);
}
