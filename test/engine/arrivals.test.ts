import assert from 'node:assert/strict';
import {test} from 'node:test';
import {arrivalGap, firstArrival, rescheduleAfterRateChange} from '../../source/engine/arrivals.js';

test('uniform gaps are 1000 / rate ms; rate 0 never arrives', () => {
	const table: Array<[number, number]> = [
		[1, 1000],
		[100, 10],
		[2000, 0.5],
		[1_000_000, 0.001],
	];
	for (const [rate, gap] of table) {
		assert.equal(arrivalGap(rate, 'uniform'), gap, `rate ${rate}`);
	}

	assert.equal(arrivalGap(0, 'uniform'), Number.POSITIVE_INFINITY);
});

test('poisson gaps average 1000 / rate ms', () => {
	let sum = 0;
	const n = 20_000;
	for (let index = 0; index < n; index++) {
		sum += arrivalGap(100, 'poisson');
	}

	const mean = sum / n;
	assert.ok(Math.abs(mean - 10) < 0.5, `mean gap ${mean}`);
});

test('workers are staggered by their phase', () => {
	assert.equal(firstArrival(0, 100, 'uniform', 0), 0);
	assert.equal(firstArrival(0, 100, 'uniform', 0.5), 5);
});

test('a rate rise takes effect now, without a catch-up burst', () => {
	// Last arrival 500 ms ago at 1/s; the old schedule says the next one is in 500 ms.
	const next = rescheduleAfterRateChange({lastArrivalMs: 500, pendingMs: 2000, nowMs: 1000, newRate: 1000, arrival: 'uniform'});
	assert.equal(next, 1000, 'the next arrival is now, not 499 back-dated arrivals');
});

test('a rate drop spaces the next arrival by the new gap', () => {
	const next = rescheduleAfterRateChange({lastArrivalMs: 999, pendingMs: 1000, nowMs: 999.5, newRate: 1, arrival: 'uniform'});
	assert.equal(next, 1000, 'the already-due arrival is kept; later ones use the new gap');
	const later = rescheduleAfterRateChange({lastArrivalMs: 1000, pendingMs: 1001, nowMs: 1000.2, newRate: 1, arrival: 'uniform'});
	assert.equal(later, 1001);
});
