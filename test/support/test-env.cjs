// Set for every test run: the repository keeps the heads it holds frozen, so code that changes
// a head it was given (and with it the copy the repository holds) throws where tests run.
process.env.FREEZE_KEPT_HEADS = '1';
// Every card drawn is also expanded by adaptivecards-templating, and must come out the same
// (src/cards/compiled-template.ts).
process.env.CHECK_CARD_EXPANSION = '1';
