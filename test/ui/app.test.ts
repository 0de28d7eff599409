import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createElement as h} from 'react';
import {App, type AppHandle} from '../../source/app.js';
import {startRun} from '../../source/engine/controller.js';
import type {Command} from '../../source/engine/commands.js';
import type {RunSnapshot} from '../../source/engine/snapshot.js';
import {sleep, testPlan} from '../helpers/plan.js';
import {latency, operation, series, snapshotFixture} from './fixtures.js';
import {keys, renderInk, settle} from './ink.js';

const output = {rateStep: 10, spikeMultiplier: 5, spikeDurationMs: 5000};

/** Records what the App sends: the unit under test is the key → command mapping, not the engine. */
function recordingHandle(first: RunSnapshot | undefined) {
	const sent: Command[] = [];
	const listeners = new Set<(snapshot: RunSnapshot) => void>();
	let current = first;
	const handle: AppHandle = {
		send(command) {
			sent.push(command);
		},
		onSnapshot(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		latest: () => current,
	};
	return {
		sent,
		handle,
		emit(snapshot: RunSnapshot) {
			current = snapshot;
			for (const listener of listeners) {
				listener(snapshot);
			}
		},
	};
}

test('keys send the engine commands; q drains, a second q aborts', async () => {
	const {sent, handle} = recordingHandle(snapshotFixture());
	const app = renderInk(h(App, {handle, output, size: {columns: 100, rows: 40}}));
	await settle();
	await app.press(keys.up, keys.down, keys.right, keys.left, 's', 'p', 'h', 'm', 'r', 'x', 'q');
	assert.match(app.frame(), /stopping: draining… q again to stop at once/);
	await app.press(keys.ctrlC);
	app.unmount();
	assert.deepEqual(sent, [
		{type: 'scale-rate', factor: 1.1},
		{type: 'scale-rate', factor: 1 / 1.1},
		{type: 'step-rate', delta: 10},
		{type: 'step-rate', delta: -10},
		{type: 'spike', multiplier: 5, durationMs: 5000},
		{type: 'toggle-pause'},
		{type: 'toggle-hold'},
		{type: 'mark'},
		{type: 'reset-window'},
		{type: 'stop', reason: 'stopped'},
		{type: 'abort', reason: 'interrupted'},
	]);
});

test('Ctrl-C twice: stop, then abort, as an interrupt (the caller is told, for exit 130)', async () => {
	const {sent, handle} = recordingHandle(snapshotFixture());
	let interrupts = 0;
	const app = renderInk(h(App, {handle, output, size: {columns: 100, rows: 40}, onInterrupt() {
		interrupts++;
	}}));
	await settle();
	await app.press('q');
	assert.equal(interrupts, 0, 'q is not an interrupt');
	await app.press(keys.ctrlC);
	app.unmount();
	assert.equal(interrupts, 1);
	assert.deepEqual(sent, [{type: 'stop', reason: 'stopped'}, {type: 'abort', reason: 'interrupted'}]);

	const second = recordingHandle(snapshotFixture());
	let count = 0;
	const again = renderInk(h(App, {handle: second.handle, output, size: {columns: 100, rows: 40}, onInterrupt() {
		count++;
	}}));
	await settle();
	await again.press(keys.ctrlC, keys.ctrlC);
	again.unmount();
	assert.equal(count, 2);
	assert.deepEqual(second.sent, [{type: 'stop', reason: 'interrupted'}, {type: 'abort', reason: 'interrupted'}]);
});

test('tab picks the next operation, c switches window / last interval, ? shows help', async () => {
	const base = snapshotFixture();
	const distribution = {register: base.distribution.call!, lookup: {interval: [{le: 1, count: 7}], window: [{le: 1, count: 70}]}};
	const ops = [operation('register'), operation('lookup')];
	const {sent, handle} = recordingHandle(snapshotFixture({distribution, interval: {...base.interval, ops}}));
	const app = renderInk(h(App, {handle, output, size: {columns: 100, rows: 40}}));
	await settle();
	assert.match(app.frame(), /Histogram {2}register 1\/2, window, n=850/);
	await app.press(keys.tab);
	assert.match(app.frame(), /Histogram {2}lookup 2\/2, window, n=70/);
	await app.press('c');
	assert.match(app.frame(), /lookup 2\/2, interval, n=7/);
	await app.press(keys.tab);
	assert.match(app.frame(), /register 1\/2, interval, n=23/);
	await app.press('?');
	assert.match(app.frame(), /Keys {2}\? or Esc closes this help/);
	assert.doesNotMatch(app.frame(), /Histogram/);
	await app.press(keys.escape);
	assert.match(app.frame(), /Histogram/);
	app.unmount();
	assert.deepEqual(sent, [], 'view keys send nothing to the engine');
});

test('each snapshot re-renders the view', async () => {
	const {handle, emit} = recordingHandle(undefined);
	const app = renderInk(h(App, {handle, output, size: {columns: 100, rows: 40}}));
	await settle();
	assert.match(app.frame(), /starting/);
	emit(snapshotFixture());
	await settle();
	assert.match(app.frame(), /RUNNING/);
	emit(snapshotFixture({state: 'paused', control: {...snapshotFixture().control, paused: true}}));
	await settle();
	assert.match(app.frame(), /PAUSED/);
	assert.match(app.frame(), /rate 100\/s \(paused; shape 100\/s\)/);
	app.unmount();
});

test('80×24: no line longer than 80, at most 23 lines, header and status bar present', async () => {
	const {handle} = recordingHandle(snapshotFixture({target: `redis://127.0.0.1:6379 ${'and more '.repeat(20)}`}));
	const app = renderInk(h(App, {handle, output, size: {columns: 80, rows: 24}}));
	await settle();
	const lines = app.frame().split('\n');
	app.unmount();
	assert.ok(lines.length <= 23, `${lines.length} lines`);
	for (const line of lines) {
		assert.ok([...line].length <= 80, `too long: '${line}'`);
	}

	assert.match(lines[0]!, /^loadscope synthetic → redis/);
	assert.match(lines.at(-1)!, /q quit/);
});

test('80×24: the Generator pane appears when the generator is the bottleneck, Errors when errors are recent', async () => {
	const delivery = {targets: 100, delivered: 100, late: 0, failed: 0, missing: 0, ratio: 1, latency: latency(2)};
	const frameAt = async (snapshot: RunSnapshot) => {
		const {handle} = recordingHandle(snapshot);
		const app = renderInk(h(App, {handle, output, size: {columns: 80, rows: 24}}));
		await settle();
		const frame = app.frame();
		app.unmount();
		assert.ok(frame.split('\n').length <= 23);
		return frame;
	};

	// The demo's shape: three operations and multicast delivery.
	const fixture = snapshotFixture();
	const ops = ['register', 'enumerate', 'multicast'].map(name => operation(name));
	const base = snapshotFixture({delivery, interval: {...fixture.interval, ops}});
	const calm = await frameAt(base);
	assert.doesNotMatch(calm, /^Generator/m);
	assert.doesNotMatch(calm, /^Errors/m);
	const bottleneck = await frameAt({...base, health: {...base.health, bottleneck: 'worker 0 at 98% CPU'}});
	assert.match(bottleneck, /BOTTLENECK: worker 0 at 98% CPU/);
	const failing = await frameAt({...base, series: series(48).map((point, index) => (index === 47 ? {...point, errors: 3} : point))});
	assert.match(failing, /^Errors +2 \(/m);
});

test('80×24: the Generator pane is held 10 s after the last bottleneck, so the layout does not flicker', async () => {
	const delivery = {targets: 100, delivered: 100, late: 0, failed: 0, missing: 0, ratio: 1, latency: latency(2)};
	const fixture = snapshotFixture();
	const ops = ['register', 'enumerate', 'multicast'].map(name => operation(name));
	const base = snapshotFixture({delivery, interval: {...fixture.interval, ops}});
	const troubled = {...base, health: {...base.health, bottleneck: 'worker 0 at 98% CPU'}};
	const {handle, emit} = recordingHandle(troubled);
	const app = renderInk(h(App, {handle, output, size: {columns: 80, rows: 24}}));
	await settle();
	assert.match(app.frame(), /^Generator/m);
	emit({...base, elapsedMs: base.elapsedMs + 2000});
	await settle();
	assert.match(app.frame(), /^Generator/m, 'still shown 2 s after the bottleneck cleared');
	emit({...base, elapsedMs: base.elapsedMs + 11_000});
	await settle();
	const frame = app.frame();
	app.unmount();
	assert.doesNotMatch(frame, /^Generator/m, 'gone 11 s after');
	assert.match(frame, /^Multicast delivery/m);
});

test('a real engine run drives the App: frames follow the run, keys reach the engine', async () => {
	const handle = await startRun({...testPlan({load: {type: 'constant', rate: 200, durationMs: 3000}}), profile: 'profiles/steady.yaml'});
	const app = renderInk(h(App, {handle, output: {...output, rateStep: 20}, size: {columns: 120, rows: 40}}));
	try {
		await sleep(1200);
		const early = app.frame();
		assert.match(early, /RUNNING/);
		assert.match(early, /rate 200\/s \(profile steady\.yaml\)/);
		await app.press(keys.right);
		await sleep(700);
		const later = app.frame();
		assert.match(later, /rate 220\/s \(manual \+20\.0\/s; profile steady\.yaml 200\/s\)/);
		assert.notEqual(later, early);
		assert.match(later, /call +2\d\d\/s|call +1\d\d\/s/);
		const result = await handle.done;
		await settle(150);
		assert.match(app.frame(), /DONE/);
		assert.ok(result.final.total.completed > 300, `${result.final.total.completed} completed`);
	} finally {
		app.unmount();
		await handle.done;
	}
});
