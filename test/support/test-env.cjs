// Set for every test run: the repository keeps the heads it holds frozen, so code that changes
// a head it was given (and with it the copy the repository holds) throws where tests run.
process.env.FREEZE_KEPT_HEADS = '1';
