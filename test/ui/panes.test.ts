import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createElement as h} from 'react';
import {DeliveryPane} from '../../source/ui/panes/delivery.js';
import {ErrorsPane} from '../../source/ui/panes/errors.js';
import {Header} from '../../source/ui/panes/header.js';
import {HealthPane} from '../../source/ui/panes/health.js';
import {Help} from '../../source/ui/panes/help.js';
import {HistogramPane} from '../../source/ui/panes/histogram.js';
import {LatencyPane} from '../../source/ui/panes/latency.js';
import {compactNumber, RatePane, rateChart} from '../../source/ui/panes/rate.js';
import {StagesPane} from '../../source/ui/panes/stages.js';
import {StatusBar} from '../../source/ui/panes/status-bar.js';
import {ThresholdsPane} from '../../source/ui/panes/thresholds.js';
import {latency, operation, series, snapshotFixture} from './fixtures.js';
import {renderInk} from './ink.js';

function frameOf(element: Parameters<typeof renderInk>[0]): string {
	const rendered = renderInk(element);
	const frame = rendered.frame();
	rendered.unmount();
	return frame;
}

function assertWithin(frame: string, width: number, height: number): void {
	const lines = frame.split('\n');
	assert.ok(lines.length <= height, `${lines.length} lines > ${height}:\n${frame}`);
	for (const line of lines) {
		assert.ok([...line].length <= width, `line longer than ${width}: '${line}'`);
	}
}

test('header: workload, target, state, times and what is in effect for the rate', () => {
	const frame = frameOf(h(Header, {snapshot: snapshotFixture(), width: 100, height: 3}));
	assert.match(frame, /loadscope synthetic → synthetic service: lognormal 4 ms/);
	assert.match(frame, /RUNNING/);
	assert.match(frame, /elapsed 0:12 {2}remaining 0:48/);
	assert.match(frame, /rate 100\/s \(shape\)/);

	const spiking = snapshotFixture({
		state: 'spiking',
		stage: {index: 1, name: 'ramp'},
		remainingMs: undefined,
		marks: [{atMs: 5000, label: 'mark 1'}],
		control: {shapeRate: 100, scale: 1.1, offset: -10, held: true, paused: false, spike: {rate: 500, untilMs: 15_000}, targetRate: 500},
	});
	const spikeFrame = frameOf(h(Header, {snapshot: spiking, width: 100, height: 3}));
	assert.match(spikeFrame, /SPIKING/);
	assert.match(spikeFrame, /stage 2 ramp/);
	assert.match(spikeFrame, /until stopped/);
	assert.match(spikeFrame, /marks 1 \(last mark 1 at 0:05\)/);
	assert.match(spikeFrame, /rate 500\/s \(spike for 3\.0s, manual ×1\.10 −10\.0\/s held; shape 100\/s\)/);
});

test('header: the profile, and what the live keys changed over it', () => {
	const asPlanned = frameOf(h(Header, {snapshot: snapshotFixture({stage: {index: 1, name: '50/s'}}), width: 100, height: 3, profile: 'step-ramp.yaml'}));
	assert.match(asPlanned, /stage 2 50\/s/);
	assert.match(asPlanned, /rate 100\/s \(profile step-ramp\.yaml\)/);
	const manual = snapshotFixture({control: {shapeRate: 100, scale: 1, offset: 20, held: false, paused: false, spike: undefined, targetRate: 120}});
	const frame = frameOf(h(Header, {snapshot: manual, width: 100, height: 3, profile: 'step-ramp.yaml'}));
	assert.match(frame, /rate 120\/s \(manual \+20\.0\/s; profile step-ramp\.yaml 100\/s\)/);
	const paused = snapshotFixture({control: {shapeRate: 100, scale: 1, offset: 0, held: false, paused: true, spike: undefined, targetRate: 0}});
	assert.match(frameOf(h(Header, {snapshot: paused, width: 100, height: 3, profile: 'spike.yaml'})), /rate 0\.0\/s \(paused; profile spike\.yaml 100\/s\)/);
});

test('header: a long target is cut at the width, never wrapped', () => {
	const frame = frameOf(h(Header, {snapshot: snapshotFixture({target: 'x'.repeat(300)}), width: 60, height: 3}));
	assertWithin(frame, 60, 3);
	assert.match(frame, /x…/);
});

test('rate: chart of the last minute plus the current numbers', () => {
	const snapshot = snapshotFixture({series: series(400, index => (index < 300 ? 100 : 200))});
	const frame = frameOf(h(RatePane, {snapshot, width: 90, height: 10}));
	assertWithin(frame, 90, 10);
	assert.match(frame, /Rate req\/s, last 60 s/);
	assert.match(frame, /━ target ━ achieved ━ completed/);
	assert.match(frame, /target 100\/s {2}achieved 99\.0\/s {2}completed 98\.0\/s {2}in-flight 3 {2}backlog 0 {2}errors 0\.20%/);
	// The y axis goes from 0 to the step's 200 req/s (the last minute only: 240 of the 400 points).
	assert.match(frame, /200┤|200┼/);
	assert.match(frame, / 0┤/);
});

test('rate: a steady rate with 1% of noise is a flat line near the top, not noise zoomed to the full height', () => {
	const snapshot = snapshotFixture({series: series(240, index => 200 + (index % 2 === 0 ? 1 : -1))});
	const chart = rateChart(snapshot, 90, 10);
	assert.match(chart.at(-1)!, / 0┤/);
	// Every line of the chart but the top one is empty right of the axis.
	for (const line of chart.slice(1)) {
		assert.match(line, /┤\s*$/, `a line below the top: '${line}'`);
	}
});

test('rate: axis labels are compact and a zero computed as -1e-14 reads 0', () => {
	assert.deepEqual([0, -1e-14, 1e-9, 2.5, 123.4, 1234, 12_345, 2_500_000].map(value => compactNumber(value)), ['0', '0', '0', '2.5', '123', '1.2k', '12k', '2.5M']);
	// A run that rests at 0 req/s between levels (the knee search) has a zero row, never '-0.0'.
	const resting = snapshotFixture({series: series(240, index => (index % 40 < 20 ? 1600 : 0))});
	assert.doesNotMatch(rateChart(resting, 90, 14).join('\n'), /-0/);
});

test('rate: waits for data before drawing', () => {
	const frame = frameOf(h(RatePane, {snapshot: snapshotFixture({series: []}), width: 80, height: 8}));
	assert.match(frame, /waiting for data/);
});

test('latency: one row per operation with corrected and service percentiles and a p99 sparkline', () => {
	const ops = [operation('register', {p50: 4, serviceP50: 2}), operation('lookup', {p50: 1, serviceP50: 0.5})];
	const snapshot = snapshotFixture({
		interval: {...snapshotFixture().interval, ops, all: operation('all', {p50: 2})},
		series: series(40, () => 100, index => index, ['register', 'lookup']),
	});
	const frame = frameOf(h(LatencyPane, {snapshot, width: 100, height: 6}));
	assertWithin(frame, 100, 6);
	assert.match(frame, /operation +rate +p50 +p99 +p99\.9 │ svc p50 svc p99 │ p99 trend/);
	assert.match(frame, /register +100\/s +4ms +20ms +40ms │ +2ms +10ms │ [▁-█]+/);
	assert.match(frame, /lookup +100\/s +1ms +5ms +10ms │ +500µs +2\.5ms │/);
	assert.match(frame, /all +100\/s +2ms/);
	// Rising p99 → the sparkline climbs from ▁ to █.
	const trend = /register.*│ ([▁-█]+)/.exec(frame)![1]!;
	assert.equal(trend[0], '▁');
	assert.equal(trend.at(-1), '█');
});

test('histogram: window buckets with empty ends trimmed; last interval on request', () => {
	const snapshot = snapshotFixture();
	const window = frameOf(h(HistogramPane, {snapshot, width: 60, height: 8, operation: 'call', mode: 'window'}));
	assertWithin(window, 60, 8);
	assert.match(window, /Histogram {2}call, window, n=850/);
	assert.match(window, /≤3\.16ms █+ +400/);
	assert.match(window, /≤10ms █+ +100/);
	assert.doesNotMatch(window, /≤1ms|≤17\.8ms/);
	const interval = frameOf(h(HistogramPane, {snapshot, width: 60, height: 8, operation: 'call', mode: 'interval'}));
	assert.match(interval, /call, interval, n=23/);
	assert.match(interval, /≤5\.62ms [█▉▊▋▌▍▎▏]+ +8/);
});

test('histogram: more buckets than rows are merged, counts kept', () => {
	const buckets = Array.from({length: 20}, (_, index) => ({le: 10 ** (index / 4), count: 10}));
	const snapshot = snapshotFixture({distribution: {call: {window: buckets, interval: []}}});
	const frame = frameOf(h(HistogramPane, {snapshot, width: 60, height: 6, operation: 'call', mode: 'window'}));
	assertWithin(frame, 60, 6);
	assert.match(frame, /n=200/);
	assert.equal(frame.split('\n').filter(line => line.includes('≤')).length, 5);
});

test('delivery: ratio, failed, late, latency; a note when the workload has no multicast', () => {
	const none = frameOf(h(DeliveryPane, {snapshot: snapshotFixture(), width: 80, height: 1}));
	assert.match(none, /Multicast delivery {2}no multicast in this workload/);
	const delivery = {targets: 1000, delivered: 980, late: 10, failed: 4, missing: 6, ratio: 0.99, latency: latency(3)};
	const points = series(20).map((point, index) => ({...point, deliveryRatio: index < 10 ? 1 : 0.9}));
	const frame = frameOf(h(DeliveryPane, {snapshot: snapshotFixture({delivery, series: points}), width: 100, height: 3}));
	assertWithin(frame, 100, 3);
	assert.match(frame, /delivered 990\/1000 \(99\.0%\) {2}late 10 {2}failed 4 {2}missing 6/);
	assert.match(frame, /latency p50 3ms p99 15ms p99\.9 30ms {2}ratio █+▁+/);
	// A steady 100% is a full bar, not the lowest block; a 1% dip is visible.
	const steady = series(20).map((point, index) => ({...point, deliveryRatio: index === 15 ? 0.99 : 1}));
	const trend = /ratio (\S+)/.exec(frameOf(h(DeliveryPane, {snapshot: snapshotFixture({delivery, series: steady}), width: 100, height: 3})))![1]!;
	assert.match(trend, /^█+[^█]█+$/, trend);
});

test('errors: counts by kind and the latest messages', () => {
	const snapshot = snapshotFixture({
		errors: {
			byKind: {timeout: 5, unavailable: 9},
			recent: [
				{kind: 'unavailable', message: 'connect ECONNREFUSED\n127.0.0.1:1', count: 9, lastSeenMs: 61_000},
				{kind: 'timeout', message: 'deadline exceeded', count: 5, lastSeenMs: 30_000},
			],
		},
	});
	const frame = frameOf(h(ErrorsPane, {snapshot, width: 80, height: 4}));
	assertWithin(frame, 80, 4);
	assert.match(frame, /Errors {2}14 .*unavailable 9, timeout 5/);
	assert.match(frame, /1:01 unavailable ×9 connect ECONNREFUSED 127\.0\.0\.1:1/);
	assert.match(frame, /0:30 timeout ×5 deadline exceeded/);
	const clean = frameOf(h(ErrorsPane, {snapshot: snapshotFixture({errors: {byKind: {}, recent: []}}), width: 80, height: 4}));
	assert.match(clean, /Errors {2}none/);
});

test('health: worker cpu, loop delay, lateness, process cpu; the bottleneck called out', () => {
	const frame = frameOf(h(HealthPane, {snapshot: snapshotFixture(), width: 100, height: 3}));
	assert.match(frame, /Generator {2}keeping up/);
	assert.match(frame, /worker cpu 21% 19% {2}loop delay p99 1\.5ms/);
	assert.match(frame, /dispatch lateness p99 600µs max 2\.5ms {2}process cpu 0\.45 cores/);
	const busy = snapshotFixture({health: {...snapshotFixture().health, bottleneck: 'workers at 98% CPU'}});
	assert.match(frameOf(h(HealthPane, {snapshot: busy, width: 100, height: 3})), /BOTTLENECK: workers at 98% CPU/);
});

test('thresholds: pass, fail and pending live', () => {
	const snapshot = snapshotFixture({
		thresholds: [
			{expression: 'p99<50ms', ok: true, observed: 20},
			{expression: 'errors<0.1%', ok: false, observed: 0.2},
			{expression: 'delivery>99%', ok: undefined, observed: undefined},
		],
	});
	const frame = frameOf(h(ThresholdsPane, {snapshot, width: 60, height: 4}));
	assert.match(frame, /Thresholds {2}1 pass, 1 fail/);
	assert.match(frame, /pass +p99<50ms {2}\(observed 20\)/);
	assert.match(frame, /FAIL +errors<0\.1% {2}\(observed 0\.2\)/);
	assert.match(frame, /pending +delivery>99%/);
});

test('stages: latency vs throughput table, the knee marked, and the p99-vs-rate plot', () => {
	const stage = (index: number, rate: number, p50: number) => ({
		index,
		name: `step ${index + 1}`,
		startMs: index * 10_000,
		endMs: (index + 1) * 10_000,
		targetRate: rate,
		offeredRate: rate,
		achievedRate: rate,
		completedRate: rate,
		count: rate * 10,
		errors: 0,
		errorRate: 0,
		latency: latency(p50),
		service: latency(p50 / 2),
	});
	const snapshot = snapshotFixture({
		stages: [stage(0, 100, 1), stage(1, 200, 1.2), stage(2, 400, 8)],
		knee: {rate: 400, atMs: 25_000, reason: 'p99 rose 6x'},
	});
	const frame = frameOf(h(StagesPane, {snapshot, width: 110, height: 8}));
	assertWithin(frame, 110, 8);
	assert.match(frame, /stage +offered +achieved +p50 +p99 +p99\.9 +errors/);
	assert.match(frame, /1 step 1 +100\/s +100\/s +1ms +5ms +10ms +0\.0%/);
	assert.match(frame, /3 step 3 +400\/s +400\/s +8ms +40ms +80ms +0\.0% ◆/);
	assert.match(frame, /◆ knee at 400\/s: p99 rose 6x/);
	assert.match(frame, /40ms┤.*◆/);
	assert.match(frame, /└.*achieved rate ─ 400\/s/);
});

test('stages: rest stages (0 req/s) are listed but not plotted', () => {
	const stage = (index: number, name: string, rate: number, p50: number) => ({
		index,
		name,
		startMs: index * 2000,
		endMs: (index + 1) * 2000,
		targetRate: rate,
		offeredRate: rate,
		achievedRate: rate === 0 ? 60 : rate,
		completedRate: rate === 0 ? 60 : rate,
		count: 100,
		errors: 0,
		errorRate: 0,
		latency: latency(p50),
		service: latency(p50),
	});
	const snapshot = snapshotFixture({
		stages: [stage(0, '100/s', 100, 1), stage(1, '800/s', 800, 8), stage(2, 'rest', 0, 50), stage(3, '? 450/s', 450, 1.5)],
		knee: {rate: 450, atMs: 7000, reason: 'between 450/s and 800/s'},
	});
	const frame = frameOf(h(StagesPane, {snapshot, width: 110, height: 8}));
	assert.match(frame, /3 rest +0\.0\/s/);
	assert.match(frame, /4 \? 450\/s .*◆/);
	// The axis tops out at the slowest loaded stage (800/s, p99 40ms), not the rest's 250ms.
	assert.match(frame, /40ms┤/);
	assert.doesNotMatch(frame, /250ms┤/);
});

test('status bar and help list every key', () => {
	const status = frameOf(h(StatusBar, {width: 120}));
	for (const label of ['↑↓ rate±10%', '←→ step', 's spike', 'p pause', 'h hold', 'm mark', 'tab op', 'c cumul', 'r reset', '? help', 'q quit']) {
		assert.ok(status.includes(label), `status bar lacks '${label}': ${status}`);
	}

	assertWithin(frameOf(h(StatusBar, {width: 40})), 40, 1);
	const help = frameOf(h(Help, {width: 100, height: 14}));
	assert.match(help, /q \/ Ctrl-C +graceful stop/);
	assert.match(help, /↑ \/ ↓ +rate \+10% \/ −10%/);
});

test('rate: on a narrow pane the numbers line keeps target, achieved and the error rate', () => {
	const snapshot = snapshotFixture({series: series(400, () => 100)});
	const numbers = (width: number) => {
		const lines = frameOf(h(RatePane, {snapshot, width, height: 8})).split('\n');
		assertWithin(lines.join('\n'), width, 8);
		return lines.at(-1)!.trimEnd();
	};

	assert.equal(numbers(90), 'target 100/s  achieved 99.0/s  completed 98.0/s  in-flight 3  backlog 0  errors 0.20%');
	assert.equal(numbers(80), 'target 100/s achieved 99.0/s completed 98.0/s in-flight 3 backlog 0 errors 0.20%');
	assert.equal(numbers(71), 'target 100/s achieved 99.0/s in-flight 3 backlog 0 errors 0.20%');
	assert.equal(numbers(59), 'target 100/s achieved 99.0/s in-flight 3 errors 0.20%');
	assert.equal(numbers(45), 'target 100/s achieved 99.0/s errors 0.20%');
	assert.equal(numbers(30), 'target 100/s achieved 99.0/s …');
});
