import assert from 'node:assert/strict';
import {test} from 'node:test';
import {UsageError} from '../../source/errors.js';
import {createShape} from '../../source/load/index.js';
import type {ShapeSpec} from '../../source/load/shape.js';

type Row = {readonly name: string; readonly spec: ShapeSpec; readonly durationMs: number | undefined; readonly points: ReadonlyArray<readonly [number, number, string?]>};

// K6-style table: [active ms, expected req/s, expected stage name].
const rows: Row[] = [
	{name: 'constant', spec: {type: 'constant', rate: 100, durationMs: 60_000}, durationMs: 60_000, points: [[0, 100], [59_999, 100]]},
	{
		name: 'ramp',
		spec: {type: 'ramp', stages: [{duration: '10s', target: 100}, {duration: '20s', target: 100}, {duration: '10s', target: 0}]},
		durationMs: 40_000,
		points: [[0, 0, '0/s→100/s'], [5000, 50], [10_000, 100, '100/s'], [29_999, 100], [35_000, 50, '100/s→0/s'], [40_000, 0]],
	},
	{
		name: 'ramp with start',
		spec: {type: 'ramp', start: 20, stages: [{duration: '1m', target: 80}]},
		durationMs: 60_000,
		points: [[0, 20], [30_000, 50], [60_000, 80]],
	},
	{
		name: 'step',
		spec: {type: 'step', start: 10, step: 40, 'step-duration': '2m', end: 100},
		durationMs: 480_000,
		points: [[0, 10, '10/s'], [119_999, 10], [120_000, 50, '50/s'], [240_000, 90, '90/s'], [360_000, 100, '100/s'], [479_999, 100]],
	},
	{
		name: 'spike by rate',
		spec: {type: 'spike', base: 100, at: '30s', rate: 1000, for: '5s', duration: '60s'},
		durationMs: 60_000,
		points: [[0, 100, 'base 100/s'], [29_999, 100], [30_000, 1000, 'spike 1k/s'], [34_999, 1000], [35_000, 100, 'after 100/s'], [59_999, 100]],
	},
	{
		name: 'spike by multiplier',
		spec: {type: 'spike', base: 50, at: 0, multiplier: 3, for: '1s', duration: '2s'},
		durationMs: 2000,
		points: [[0, 150, 'spike 150/s'], [1000, 50]],
	},
	{
		name: 'burst',
		spec: {type: 'burst', rate: 500, on: '10s', off: '50s', repeat: 3},
		durationMs: 180_000,
		points: [[0, 500, 'on #1'], [9999, 500], [10_000, 0, 'off #1'], [59_999, 0], [60_000, 500, 'on #2'], [130_000, 0, 'off #3']],
	},
	{name: 'soak', spec: {type: 'soak', rate: 50}, durationMs: 600_000, points: [[0, 50, 'soak 50/s'], [599_000, 50]]},
	{
		name: 'ramp stopped early by -d',
		spec: {type: 'ramp', stages: [{duration: '10s', target: 100}], stopAtMs: 4000},
		durationMs: 4000,
		points: [[0, 0, '0/s→100/s'], [2000, 20]],
	},
	{
		name: 'timeline (a saved session)',
		spec: {type: 'timeline', duration: '10s', points: [{at: '0s', rate: 100}, {at: '2s', rate: 0, note: 'pause'}, {at: '3s', rate: 100, to: 200}, {at: '8s', rate: 50}]},
		durationMs: 10_000,
		points: [[0, 100, '100/s'], [1999, 100], [2000, 0, 'pause'], [3000, 100, '100/s→200/s'], [5500, 150], [8000, 50, '50/s'], [9999, 50]],
	},
];

for (const row of rows) {
	test(`shape ${row.name}: rate over time`, () => {
		const shape = createShape(row.spec);
		assert.equal(shape.durationMs, row.durationMs);
		for (const [tMs, rate, stage] of row.points) {
			assert.ok(Math.abs(shape.rateAt(tMs) - rate) < 1e-9, `${row.name} at ${tMs} ms: ${shape.rateAt(tMs)} ≠ ${rate}`);
			if (stage !== undefined) {
				assert.equal(shape.stageAt(tMs)?.name, stage, `${row.name} stage at ${tMs} ms`);
			}
		}
	});
}

const bad: ReadonlyArray<readonly [string, ShapeSpec, RegExp]> = [
	['unknown shape', {type: 'zigzag'}, /load\.shape: unknown load shape 'zigzag'/],
	['negative rate', {type: 'soak', rate: -5}, /load\.rate: rate must not be negative/],
	['unknown field', {type: 'step', start: 1, step: 1, 'step-duration': '1s', end: 2, stop: 3}, /load\.stop: unknown field for the 'step' shape/],
	['step end below start', {type: 'step', start: 100, step: 10, 'step-duration': '1s', end: 50}, /load\.end: 50 is below load\.start 100/],
	['ramp without stages', {type: 'ramp'}, /load\.stages/],
	['ramp stage without duration', {type: 'ramp', stages: [{target: 5}]}, /load\.duration: missing/],
	['spike past the end', {type: 'spike', base: 1, at: '50s', rate: 10, for: '20s', duration: '60s'}, /load\.for: the spike/],
	['spike with rate and multiplier', {type: 'spike', base: 1, at: 0, rate: 2, multiplier: 2, for: '1s', duration: '2s'}, /exactly one of rate/],
	['burst with zero on', {type: 'burst', rate: 1, on: 0, off: '1s'}, /load\.on/],
	['timeline without points', {type: 'timeline', duration: '1s'}, /load\.points: the 'timeline' shape needs/],
	['timeline not starting at 0', {type: 'timeline', duration: '5s', points: [{at: '1s', rate: 5}]}, /load\.points\[0\]\.at: the first point must be at 0s/],
	['timeline out of order', {type: 'timeline', duration: '5s', points: [{at: 0, rate: 5}, {at: '2s', rate: 5}, {at: '1s', rate: 5}]}, /load\.points\[2\]\.at: 1s does not come after/],
	['timeline point past the end', {type: 'timeline', duration: '5s', points: [{at: 0, rate: 5}, {at: '6s', rate: 5}]}, /load\.points\[1\]\.at: 6s is not before load\.duration 5s/],
	['timeline point field', {type: 'timeline', duration: '5s', points: [{at: 0, rate: 5, until: '1s'}]}, /load\.points\[0\]\.until: unknown field/],
	['timeline mark past the end', {type: 'timeline', duration: '5s', points: [{at: 0, rate: 5}], marks: [{at: '9s', label: 'x'}]}, /load\.marks\[0\]\.at: 9s is after load\.duration 5s/],
	['timeline mark without label', {type: 'timeline', duration: '5s', points: [{at: 0, rate: 5}], marks: [{at: '1s'}]}, /load\.marks\[0\]: must be \{at, label\}/],
];

for (const [name, spec, pattern] of bad) {
	test(`shape validation: ${name}`, () => {
		assert.throws(() => createShape(spec), (error: unknown) => error instanceof UsageError && pattern.test(error.message));
	});
}
