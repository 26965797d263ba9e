import path from 'node:path';
import { loadConfig } from '../src/config';
import { directoryProblems } from '../src/directory/directory-check';
import { PartnershipDirectory } from '../src/directory/partnership-directory';

/**
 * Check a partnership directory against the protocol the bot is configured with, before
 * deploying: `npm run directory:check -- path/to/directory.json` (default: DIRECTORY_FILE).
 * The protocol is PROTOCOL or PROTOCOL_FILE from the environment, as the bot reads them.
 * Exits 1, naming each problem, where the bot would refuse to start.
 */
const file = process.argv[2] ?? process.env.DIRECTORY_FILE;
try {
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', ...(file ? { DIRECTORY_FILE: path.resolve(file) } : {}) });
  const directory = PartnershipDirectory.fromFile(config.partnership.directoryFile, config.bot.tenantId);
  const definition = config.partnership.protocol.definition;
  const problems = directoryProblems(directory, definition);
  if (problems.length) {
    console.error(`${config.partnership.directoryFile}: not ready for protocol ${definition.id}@${definition.version}.`);
    for (const p of problems) console.error(`- ${p}`);
    process.exitCode = 1;
  } else {
    console.log(`${config.partnership.directoryFile}: ready for protocol ${definition.id}@${definition.version}: ${directory.people().length} people in ${directory.agencies().length} agencies; every body the protocol names is listed.`);
  }
} catch (error) {
  console.error(`Not valid. ${(error as Error).message}`);
  process.exitCode = 1;
}
