import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatMs} from '../../source/report/format.js';

test('formatMs keeps three significant digits with the unit that fits', () => {
	assert.equal(formatMs(0), '0');
	assert.equal(formatMs(0.268), '268µs');
	assert.equal(formatMs(0.05), '50µs');
	assert.equal(formatMs(1.41), '1.41ms');
	assert.equal(formatMs(56_000), '56s');
	assert.equal(formatMs(Number.NaN), '-');
});

test('formatMs: a value just under 1 ms that rounds to 1000µs is shown as 1ms, never 1.00e+3µs', () => {
	// The histogram's log-spaced bucket bound for 1 ms, as computed: 10 ** (3 / 4 * 4 - 3).
	assert.equal(formatMs(0.999_999_999_999_9), '1ms');
	assert.equal(formatMs(0.9996), '1ms');
	assert.equal(formatMs(0.9994), '999µs');
});
