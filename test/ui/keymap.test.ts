import assert from 'node:assert/strict';
import {test} from 'node:test';
import {actionForKey, keyHelp, quitCommand} from '../../source/ui/keymap.js';

const settings = {rateStep: 25, spikeMultiplier: 4, spikeDurationMs: 3000};

test('arrows change the rate: ↑/↓ by 10%, →/← by one step', () => {
	assert.deepEqual(actionForKey('', {upArrow: true}, settings), {kind: 'command', command: {type: 'scale-rate', factor: 1.1}});
	assert.deepEqual(actionForKey('', {downArrow: true}, settings), {kind: 'command', command: {type: 'scale-rate', factor: 1 / 1.1}});
	assert.deepEqual(actionForKey('', {rightArrow: true}, settings), {kind: 'command', command: {type: 'step-rate', delta: 25}});
	assert.deepEqual(actionForKey('', {leftArrow: true}, settings), {kind: 'command', command: {type: 'step-rate', delta: -25}});
});

test('letters send engine commands with the output plan settings', () => {
	assert.deepEqual(actionForKey('s', {}, settings), {kind: 'command', command: {type: 'spike', multiplier: 4, durationMs: 3000}});
	assert.deepEqual(actionForKey('p', {}, settings), {kind: 'command', command: {type: 'toggle-pause'}});
	assert.deepEqual(actionForKey('h', {}, settings), {kind: 'command', command: {type: 'toggle-hold'}});
	assert.deepEqual(actionForKey('m', {}, settings), {kind: 'command', command: {type: 'mark'}});
	assert.deepEqual(actionForKey('r', {}, settings), {kind: 'command', command: {type: 'reset-window'}});
});

test('view keys stay in the UI; q and Ctrl-C quit; Ctrl with other letters does nothing', () => {
	assert.deepEqual(actionForKey('', {tab: true}, settings), {kind: 'next-operation'});
	assert.deepEqual(actionForKey('c', {}, settings), {kind: 'toggle-cumulative'});
	assert.deepEqual(actionForKey('?', {}, settings), {kind: 'toggle-help'});
	assert.deepEqual(actionForKey('', {escape: true}, settings), {kind: 'close-help'});
	assert.deepEqual(actionForKey('q', {}, settings), {kind: 'quit', interrupt: false});
	assert.deepEqual(actionForKey('c', {ctrl: true}, settings), {kind: 'quit', interrupt: true});
	assert.equal(actionForKey('s', {ctrl: true}, settings), undefined);
	assert.equal(actionForKey('x', {}, settings), undefined);
});

test('first quit drains, the second stops at once', () => {
	assert.equal(quitCommand(1).type, 'stop');
	assert.equal(quitCommand(2).type, 'abort');
	assert.deepEqual(quitCommand(2, 'interrupted'), {type: 'abort', reason: 'interrupted'});
	assert.equal(quitCommand(5).type, 'abort');
});

test('every key in the help maps to an action', () => {
	const probes: Record<string, [string, Parameters<typeof actionForKey>[1]]> = {
		'↑ / ↓': ['', {upArrow: true}],
		'→ / ←': ['', {rightArrow: true}],
		tab: ['', {tab: true}],
		'q / Ctrl-C': ['q', {}],
	};
	for (const key of keyHelp) {
		const [input, flags] = probes[key.keys] ?? [key.keys, {}];
		assert.ok(actionForKey(input, flags, settings), `help lists '${key.keys}' but it does nothing`);
	}
});
