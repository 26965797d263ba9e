import assert from 'node:assert/strict';
import { answerJson, writeAhead } from '../../src/answer-json';

describe('an answer written ahead', () => {
  it('is sent as JSON.stringify would write the whole answer, whatever else the answer carries', () => {
    const card = writeAhead({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Saved "now" \u2013 ok', n: 3, none: null }] });
    const answers = [
      { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
      { value: card, statusCode: 200, extra: undefined, nested: { a: [1, 'two'] } },
    ];
    for (const body of answers) assert.equal(answerJson(body), JSON.stringify(body));
  });

  it('is its JSON as it was when written: the card is final once drawn', () => {
    const card = writeAhead({ type: 'AdaptiveCard', body: [] as unknown[] });
    card.body.push({ type: 'TextBlock', text: 'added later' });
    assert.equal(answerJson({ statusCode: 200, value: card }), '{"statusCode":200,"value":{"type":"AdaptiveCard","body":[]}}');
  });

  it('an answer not written ahead is written when it is sent', () => {
    for (const body of [{ statusCode: 200, value: { a: 1 } }, { error: 'x' }, [1, 2], 'text', null]) assert.equal(answerJson(body), JSON.stringify(body));
  });
});
