import assert from 'node:assert/strict';
import {test} from 'node:test';
import {WeightedMix} from '../../source/engine/mix.js';

test('the mix splits exactly by weight over every full cycle', () => {
	const mix = new WeightedMix([50, 30, 20]);
	const counts = [0, 0, 0];
	for (let index = 0; index < 1000; index++) {
		counts[mix.next()]!++;
	}

	assert.deepEqual(counts, [500, 300, 200]);
});

test('the mix interleaves instead of bursting one operation', () => {
	const mix = new WeightedMix([1, 1]);
	const sequence = Array.from({length: 6}, () => mix.next());
	assert.deepEqual(sequence, [0, 1, 0, 1, 0, 1]);
});

test('a mix with no positive weight is refused', () => {
	assert.throws(() => new WeightedMix([0, 0]), /at least one operation/);
	assert.throws(() => new WeightedMix([]), /at least one operation/);
});
