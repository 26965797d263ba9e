import { ProtocolError } from '../src/domain/protocol';
import { PROTOCOLS_DIR, readProtocolFile } from '../src/protocols/protocol-file';
import { describeProtocol } from '../src/protocols/describe-protocol';

/**
 * Check a protocol file and print its ladder: `npm run protocol:check -- path/to/protocol.json`.
 * With no file, checks every protocol shipped in protocols/.
 */
const files = process.argv.slice(2);
const targets = files.length ? files : ['4lscb', 'set', 'iro'].map((id) => `${PROTOCOLS_DIR}/${id}.json`);
let failed = false;
for (const file of targets) {
  try {
    const definition = readProtocolFile(file);
    console.log(describeProtocol(definition, { urgent: { hoursPerStage: 4 }, decisionReminderHours: 4 }));
    console.log(`\n${file}: valid.\n`);
  } catch (error) {
    failed = true;
    console.error(error instanceof ProtocolError ? `Not valid. ${error.message}` : error);
  }
}
process.exitCode = failed ? 1 : 0;
