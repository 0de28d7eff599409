import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {loadProfile} from '../../source/cli/profile.js';
import type {Command, RecordedCommand} from '../../source/engine/commands.js';
import type {IntervalPoint, RunSnapshot} from '../../source/engine/snapshot.js';
import {createShape} from '../../source/load/index.js';
import type {ShapeSpec} from '../../source/load/shape.js';
import {formatSessionProfile, sessionProfile, sessionTimeline, type TimelinePoint} from '../../source/report/session-profile.js';
import {testPlan} from '../helpers/plan.js';

const at = (elapsedMs: number, command: Command): RecordedCommand => ({atMs: elapsedMs, elapsedMs, command});

type Row = {readonly name: string; readonly load: ShapeSpec; readonly commands: RecordedCommand[]; readonly endMs: number; readonly expected: TimelinePoint[]};

const rows: Row[] = [
	{name: 'constant, no keys', load: {type: 'constant', rate: 100, durationMs: 10_000}, commands: [], endMs: 10_000, expected: [{atMs: 0, rate: 100}]},
	{
		name: 'set rate, pause and resume (pause time is wall time at 0 req/s)',
		load: {type: 'constant', rate: 100},
		commands: [at(2000, {type: 'set-rate', rate: 150}), at(4000, {type: 'pause'}), at(6000, {type: 'resume'})],
		endMs: 10_000,
		expected: [{atMs: 0, rate: 100}, {atMs: 2000, rate: 150, note: 'set 150/s'}, {atMs: 4000, rate: 0, note: 'pause'}, {atMs: 6000, rate: 150, note: 'resume'}],
	},
	{
		name: 'the TUI keys toggle pause and hold',
		load: {type: 'ramp', stages: [{duration: '10s', target: 100}]},
		commands: [at(1000, {type: 'toggle-pause'}), at(2000, {type: 'toggle-pause'}), at(3000, {type: 'toggle-hold'}), at(4000, {type: 'toggle-hold'})],
		endMs: 5000,
		expected: [
			{atMs: 0, rate: 0, to: 10},
			{atMs: 1000, rate: 0, note: 'pause'},
			{atMs: 2000, rate: 10, to: 20, note: 'resume'},
			{atMs: 3000, rate: 20, note: 'hold'},
			{atMs: 4000, rate: 20, to: 30, note: 'release'},
		],
	},
	{
		name: 'hold freezes a ramp, release continues it',
		load: {type: 'ramp', stages: [{duration: '10s', target: 100}]},
		commands: [at(5000, {type: 'hold'}), at(8000, {type: 'release'})],
		endMs: 13_000,
		expected: [{atMs: 0, rate: 0, to: 50}, {atMs: 5000, rate: 50, note: 'hold'}, {atMs: 8000, rate: 50, to: 100, note: 'release'}],
	},
	{
		name: 'scale, then a spike that ends by itself',
		load: {type: 'constant', rate: 100},
		commands: [at(500, {type: 'scale-rate', factor: 1.1}), at(1000, {type: 'spike', multiplier: 3, durationMs: 2000})],
		endMs: 5000,
		expected: [{atMs: 0, rate: 100}, {atMs: 500, rate: 110, note: 'scale ×1.1'}, {atMs: 1000, rate: 330, note: 'spike ×3'}, {atMs: 3000, rate: 110}],
	},
	{
		name: 'set rate over burst cycles (the offset applies to on and off)',
		load: {type: 'burst', rate: 500, on: '1s', off: '1s', repeat: 2},
		commands: [at(500, {type: 'set-rate', rate: 200})],
		endMs: 4000,
		expected: [{atMs: 0, rate: 500}, {atMs: 500, rate: 200, note: 'set 200/s'}, {atMs: 1000, rate: 0}, {atMs: 2000, rate: 200}, {atMs: 3000, rate: 0}],
	},
	{
		name: 'pause moves the later steps of a step shape',
		load: {type: 'step', start: 10, step: 10, 'step-duration': '1s', end: 30},
		commands: [at(1500, {type: 'pause'}), at(2500, {type: 'resume'})],
		endMs: 4000,
		expected: [{atMs: 0, rate: 10}, {atMs: 1000, rate: 20}, {atMs: 1500, rate: 0, note: 'pause'}, {atMs: 2500, rate: 20, note: 'resume'}, {atMs: 3000, rate: 30}],
	},
	{
		name: 'step-rate; a mark does not change the rate (it is saved apart)',
		load: {type: 'constant', rate: 100},
		commands: [at(1000, {type: 'step-rate', delta: -30}), at(3000, {type: 'mark', label: 'deploy'})],
		endMs: 5000,
		expected: [{atMs: 0, rate: 100}, {atMs: 1000, rate: 70, note: 'step -30/s'}],
	},
	{
		name: 'closed model: rate changes do not apply, pause does',
		load: {type: 'constant', rate: Number.POSITIVE_INFINITY},
		commands: [at(1000, {type: 'pause'}), at(2000, {type: 'resume'})],
		endMs: 3000,
		expected: [{atMs: 0, rate: Number.POSITIVE_INFINITY}, {atMs: 1000, rate: 0, note: 'pause'}, {atMs: 2000, rate: Number.POSITIVE_INFINITY, note: 'resume'}],
	},
	{
		name: 'a saved timeline folds again (a replay can be saved too)',
		load: {type: 'timeline', duration: '4s', points: [{at: '0s', rate: 10, to: 30}, {at: '2s', rate: 50}]},
		commands: [at(1000, {type: 'set-rate', rate: 100})],
		endMs: 4000,
		expected: [{atMs: 0, rate: 10, to: 20}, {atMs: 1000, rate: 100, to: 110, note: 'set 100/s'}, {atMs: 2000, rate: 130}],
	},
];

for (const row of rows) {
	test(`session timeline: ${row.name}`, () => {
		assert.deepEqual(sessionTimeline(row.load, row.commands, row.endMs), row.expected);
	});
}

test('session timeline: an adaptive shape is rebuilt from the per-interval target rates', () => {
	const point = (t: number, targetRate: number, state: IntervalPoint['state'] = 'running') => ({t, durationMs: 500, state, targetRate}) as unknown as IntervalPoint;
	const series = [point(0.5, 10), point(1, 10), point(1.5, 20), point(2, 20), point(2.5, 40), point(3, 0, 'draining')];
	assert.deepEqual(sessionTimeline({type: 'adaptive'}, [], 2500, series), [{atMs: 0, rate: 10}, {atMs: 1000, rate: 20}, {atMs: 2000, rate: 40}]);
});

const finalWith = (series: IntervalPoint[] = []) => ({series}) as unknown as RunSnapshot;

test('saved session: a profile that loads, validates and gives the same rate at every moment', () => {
	const plan = {...testPlan({load: {type: 'ramp', stages: [{duration: '10s', target: 100}]}, thresholds: ['p99<50ms']}), name: 'synthetic'};
	const commands = [at(2000, {type: 'set-rate', rate: 80}), at(3000, {type: 'pause'}), at(4500, {type: 'resume'}), at(6000, {type: 'spike', rate: 300, durationMs: 1000}), at(8000, {type: 'mark', label: 'deploy'})];
	const session = sessionProfile(plan, {commands, loadEndMs: 11_500, final: finalWith(), endReason: 'duration'}, {workload: 'synthetic', args: [], options: {latency: '5ms', capacity: '20', rate: '100', json: 'x.json'}});
	const text = formatSessionProfile(session);
	assert.match(text, /^# Saved by loadscope --save-session/);
	const folder = mkdtempSync(path.join(os.tmpdir(), 'loadscope-session-'));
	const file = path.join(folder, 'saved.yaml');
	writeFileSync(file, text);
	const profile = loadProfile(file);
	rmSync(folder, {recursive: true});
	assert.equal(profile.workload, 'synthetic');
	assert.deepEqual(profile.options, {latency: '5ms', capacity: '20'});
	assert.deepEqual(profile.thresholds, ['p99<50ms']);
	assert.equal(profile.engine['workers'], 2);
	const replay = createShape(profile.load!);
	assert.equal(replay.durationMs, 11_500);
	// Offset 60 after 'set 80/s' at 20 req/s; paused 3 s to 4.5 s, so the ramp is 1.5 s behind after.
	const expected = [[0, 0], [1000, 10], [2500, 85], [3500, 0], [5000, 95], [6500, 300], [7500, 120], [9000, 135], [11_000, 155]];
	for (const [tMs, rate] of expected) {
		assert.ok(Math.abs(replay.rateAt(tMs!) - rate!) < 0.01, `at ${tMs} ms: ${replay.rateAt(tMs!)} req/s, expected ${rate}`);
	}

	assert.deepEqual(replay.marks, [{atMs: 8000, label: 'deploy'}]);
});

test('saved session: credentials are left out or redacted', () => {
	const plan = {...testPlan({}), name: 'mixed', target: 'redis://:secret@127.0.0.1:6379'};
	const session = sessionProfile(plan, {commands: [], loadEndMs: 2000, final: finalWith(), endReason: 'duration'}, {
		workload: 'mixed',
		args: ['grpc://user:pw@10.0.0.1:8980'],
		options: {redisPassword: 'hunter2', natsPass: 'pw2', natsToken: 'tok3', natsCreds: '/home/me/nats.creds', natsServers: 'nats://alice:pw4@h:4222', metadata: '{"authorization":"Bearer tok5","tenant":"t1"}'},
	});
	const text = formatSessionProfile(session);
	for (const secret of ['hunter2', 'pw2', 'tok3', 'nats.creds', 'pw4', 'tok5', 'secret', ':pw@']) {
		assert.ok(!text.includes(secret), `${secret} leaked:\n${text}`);
	}

	assert.deepEqual(session.omitted, ['redis-password', 'nats-pass', 'nats-token', 'nats-creds']);
	assert.match(text, /--redis-password, --nats-pass, --nats-token, --nats-creds/);
	assert.deepEqual(session.masked, ['nats-servers', 'metadata', 'the arguments']);
	assert.match(text, /replaced by \*\*\* in --nats-servers, --metadata, the arguments/);
	assert.match(text, /nats-servers: nats:\/\/alice:\*\*\*@h:4222/);
	assert.match(text, /tenant/);
});
