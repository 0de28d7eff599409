import assert from 'node:assert/strict';
import {test} from 'node:test';
import {RateControl} from '../../source/engine/rate-control.js';
import {constantShape} from '../../source/load/constant.js';

test('manual changes compose over the shape', () => {
	const control = new RateControl(constantShape(100, 60_000));
	assert.equal(control.targetRate(0), 100);
	control.apply({type: 'scale-rate', factor: 1.1}, 1000);
	assert.ok(Math.abs(control.targetRate(1000) - 110) < 1e-9);
	control.apply({type: 'step-rate', delta: 10}, 2000);
	assert.ok(Math.abs(control.targetRate(2000) - 120) < 1e-9);
	control.apply({type: 'set-rate', rate: 42}, 3000);
	assert.ok(Math.abs(control.targetRate(3000) - 42) < 1e-9);
	control.apply({type: 'step-rate', delta: -1000}, 4000);
	assert.equal(control.targetRate(4000), 0, 'never below 0');
});

test('a spike overrides the rate for its duration, then the rate returns', () => {
	const control = new RateControl(constantShape(100, 60_000));
	control.apply({type: 'spike', multiplier: 5, durationMs: 5000}, 10_000);
	assert.equal(control.targetRate(12_000), 500);
	assert.equal(control.state(12_000), 'spiking');
	assert.equal(control.targetRate(15_000), 100);
	assert.equal(control.state(15_000), 'running');
});

test('pause stops the active clock; hold stops the shape clock', () => {
	const control = new RateControl(constantShape(100, 60_000));
	control.apply({type: 'pause'}, 1000);
	assert.equal(control.targetRate(2000), 0);
	assert.equal(control.state(2000), 'paused');
	control.apply({type: 'resume'}, 3000);
	assert.equal(control.activeMs(4000), 2000, 'two paused seconds excluded');
	control.apply({type: 'hold'}, 4000);
	assert.equal(control.shapeMs(10_000), 2000, 'the shape is frozen while holding');
	assert.equal(control.activeMs(10_000), 8000);
	control.apply({type: 'toggle-hold'}, 10_000);
	assert.equal(control.shapeMs(11_000), 3000);
});

test('rate commands do not apply in closed-model mode', () => {
	const control = new RateControl(constantShape(Number.POSITIVE_INFINITY, undefined));
	assert.equal(control.apply({type: 'scale-rate', factor: 2}, 0), false);
	assert.equal(control.targetRate(0), Number.POSITIVE_INFINITY);
});
