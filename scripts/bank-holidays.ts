/**
 * Writes src/domain/bank-holidays.json: England and Wales bank holidays, with their substitute
 * days, for every year the bot's clock is likely to meet, as date-holidays computes them.
 *
 * date-holidays carries every country's rules and the calendars they need (about 27 MB
 * resident once loaded); the bot needs one country's answers. So the answers are written here,
 * once, and the library is loaded at run time only for a year outside the table.
 * test/domain/working-days.test.ts fails whenever the table and the installed library disagree:
 * after upgrading date-holidays (a new bank holiday is announced, a rule corrected), run
 * `npm run holidays` and commit the table.
 *
 * Usage: npm run holidays
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BANK_HOLIDAY_YEARS, libraryBankHolidays } from '../src/domain/working-days';

const target = path.join(__dirname, '..', 'src', 'domain', 'bank-holidays.json');
const years: Record<string, string[]> = {};
for (let year = BANK_HOLIDAY_YEARS.from; year <= BANK_HOLIDAY_YEARS.to; year++) years[year] = [...libraryBankHolidays(year)];
const { version } = require('date-holidays/package.json') as { version: string };
const lines = Object.entries(years).map(([year, days]) => `    "${year}": ${JSON.stringify(days)}`);
writeFileSync(target, `{\n  "source": "date-holidays ${version}: GB, England, public holidays",\n  "years": {\n${lines.join(',\n')}\n  }\n}\n`);
console.log(`Wrote ${path.relative(process.cwd(), target)}: ${lines.length} years from date-holidays ${version}.`);
