/**
 * A saved session replays the run: a headless synthetic run driven by commands sent mid-run
 * (set rate, pause, resume, spike, scale, mark) is saved with --save-session's writer; `loadscope
 * run saved.yaml` replays it; the per-second target and achieved rates of both runs agree
 * within 2%. A headless CLI run stopped by SIGINT also leaves a saved session that validates.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {after, before, test} from 'node:test';
import {loadProfile} from '../../source/cli/profile.js';
import {startRun} from '../../source/engine/controller.js';
import type {OutputPlan} from '../../source/engine/plan.js';
import type {RunResult} from '../../source/engine/run-handle.js';
import type {IntervalPoint} from '../../source/engine/snapshot.js';
import {startOutputs} from '../../source/report/outputs.js';
import {cliPath, runCli} from '../helpers/cli.js';
import {sleep, testPlan} from '../helpers/plan.js';

let folder: string;

before(async () => {
	folder = await mkdtemp(path.join(os.tmpdir(), 'loadscope-session-'));
});

after(async () => {
	await rm(folder, {recursive: true, force: true});
});

/**
 * Each whole second of the run: the mean target rate of the snapshot intervals in it, and the
 * requests dispatched in them. An interval belongs to the second holding its middle (snapshots
 * are 250 ms apart, so no interval is split and a few ms of jitter moves nothing).
 */
function perSecond(series: readonly IntervalPoint[], field: 'targetRate' | 'achievedRate', seconds: number): number[] {
	const sums = Array.from({length: seconds}, () => 0);
	const counts = Array.from({length: seconds}, () => 0);
	for (const point of series) {
		if (point.state === 'draining' || point.state === 'done') {
			continue;
		}

		const second = Math.floor(point.t - (point.durationMs / 2000));
		if (second >= 0 && second < seconds) {
			sums[second]! += field === 'targetRate' ? point.targetRate : point.achievedRate * (point.durationMs / 1000);
			counts[second]!++;
		}
	}

	return field === 'targetRate' ? sums.map((sum, index) => sum / Math.max(1, counts[index]!)) : sums;
}

function output(file: string): OutputPlan {
	return {
		tui: false, json: undefined, csv: undefined, hdrLog: undefined, metricsPort: undefined, reportIntervalMs: 5000, saveSession: file,
		invocation: {workload: 'synthetic', args: [], options: {latency: '2ms', latencyDist: 'constant'}},
		rateStep: 10, spikeMultiplier: 5, spikeDurationMs: 5000,
	};
}

/** One original run and its replay; resolves to why their timelines differ, or undefined. */
async function originalAndReplay(attempt: number): Promise<string | undefined> {
	const saved = path.join(folder, `saved-${attempt}.yaml`);
	const plan = {...testPlan({workload: {kind: 'synthetic', options: {latencyMs: 2, distribution: 'constant'}}, load: {type: 'constant', rate: 100, durationMs: 7000}, engine: {workers: 1}}), name: 'synthetic'};
	const handle = await startRun(plan);
	const outputs = startOutputs(handle, output(saved), {stderr: new PassThrough()});
	const begun = Date.now() + 100; // The engine starts the load 100 ms after start() resolves.
	// Commands land mid-interval (x.125 s), away from the 250 ms snapshot edges both runs sample at.
	const script: Array<[number, Parameters<typeof handle.send>[0]]> = [
		[1125, {type: 'set-rate', rate: 200}],
		[2625, {type: 'pause'}],
		[3625, {type: 'resume'}],
		[4375, {type: 'spike', rate: 400, durationMs: 1000}],
		[5875, {type: 'scale-rate', factor: 0.5}],
		[6375, {type: 'mark', label: 'replay check'}],
	];
	for (const [atMs, command] of script) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(Math.max(0, begun + atMs - Date.now()));
		handle.send(command);
	}

	const first: RunResult = await handle.done;
	assert.equal(await outputs.finish(first), true);
	assert.equal(first.commands.length, script.length);
	const paused = first.commands[2]!.elapsedMs - first.commands[1]!.elapsedMs;
	assert.ok(Math.abs(first.loadEndMs - (7000 + paused)) < 50, `the run scheduled load for ${first.loadEndMs} ms (7 s active + ${paused} ms paused)`);

	const profile = loadProfile(saved);
	assert.equal(profile.load?.type, 'timeline');
	const replayJson = path.join(folder, `replay-${attempt}.json`);
	const replay = await runCli(['run', saved, '--no-tui', '--json', replayJson], {timeoutMs: 60_000});
	assert.equal(replay.code, 0, replay.stderr);
	const second = JSON.parse(await readFile(replayJson, 'utf8')) as {series: IntervalPoint[]; marks: Array<{atMs: number; label: string}>};

	// Rate jumps of the saved timeline, by second: at a jump the two runs may switch a few ms
	// apart (the pilot's 10 ms tick, thread messages, a busy machine), which moves requests
	// between neighbouring seconds.
	const points = (profile.load as unknown as {points: Array<{at: string; rate: number; to?: number; note?: string}>}).points;
	const jumps = new Map<number, number>();
	for (const [index, point] of points.entries()) {
		const previous = points[index - 1];
		if (previous) {
			const second = Math.floor(Number.parseFloat(point.at));
			jumps.set(second, (jumps.get(second) ?? 0) + Math.abs(point.rate - (previous.to ?? previous.rate)));
		}
	}

	// Whole seconds of load (after the end both runs only drain).
	const seconds = Math.floor(first.loadEndMs / 1000);
	const table: string[] = [];
	for (const field of ['targetRate', 'achievedRate'] as const) {
		const original = perSecond(first.final.series, field, seconds);
		const replayed = perSecond(second.series, field, seconds);
		table.push(`${field}: ${original.map(v => v.toFixed(1)).join(' ')} | replay ${replayed.map(v => v.toFixed(1)).join(' ')}`);
		for (let index = 0; index < seconds; index++) {
			const a = original[index]!;
			const b = replayed[index]!;
			// Target: 2%. Achieved: 2% (at least 2 requests), plus 50 ms worth of any jump in that second.
			const slack = field === 'targetRate' ? 0.02 * Math.max(a, b) : Math.max(0.02 * Math.max(a, b), 2) + ((jumps.get(index) ?? 0) * 0.05);
			if (Math.abs(a - b) > slack) {
				return `${field} second ${index}: ${a.toFixed(1)} vs replay ${b.toFixed(1)} (allowed ±${slack.toFixed(1)})\n${table.at(-1)!}`;
			}
		}
	}

	const total = (series: readonly IntervalPoint[]) => series.reduce((sum, point) => sum + (point.achievedRate * point.durationMs / 1000), 0);
	const [originalTotal, replayTotal] = [total(first.final.series), total(second.series)];
	if (Math.abs(originalTotal - replayTotal) > 0.02 * originalTotal) {
		return `${originalTotal} requests, replay ${replayTotal}`;
	}

	if (process.env.LOADSCOPE_SHOW) {
		console.log(`${table.join('\n')}\ntotal ${originalTotal} | replay ${replayTotal}`);
	}

	// The mark is placed again by the replay, at the same time.
	const [originalMark] = first.final.marks;
	assert.equal(second.marks.length, 1);
	assert.equal(second.marks[0]!.label, 'replay check');
	if (Math.abs(second.marks[0]!.atMs - originalMark!.atMs) > 50) {
		return `mark at ${second.marks[0]!.atMs} ms in the replay, ${originalMark!.atMs} ms in the run`;
	}

	return undefined;
}

// Two cores shared with other test files: a stall of either run's threads moves requests between
// seconds. A genuine difference fails every attempt; a stall does not repeat three times.
test('a session driven by live commands replays to the same rate timeline (within 2% per second)', {timeout: 240_000}, async () => {
	const failures: string[] = [];
	for (let attempt = 1; attempt <= 3; attempt++) {
		// eslint-disable-next-line no-await-in-loop
		const failure = await originalAndReplay(attempt);
		if (failure === undefined) {
			return;
		}

		failures.push(`attempt ${attempt}: ${failure}`);
	}

	assert.fail(failures.join('\n'));
});

test('a headless CLI run stopped by SIGINT leaves a saved session that loads and validates', {timeout: 60_000}, async () => {
	const saved = path.join(folder, 'interrupted.yaml');
	const child = spawn(process.execPath, [cliPath, 'synthetic', '--latency', '1ms', '-r', '150', '-d', '60s', '--no-tui', '--workers', '1', '--save-session', saved], {
		env: {...process.env, CI: '1'},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr.on('data', chunk => {
		stderr += String(chunk);
	});
	await sleep(2500);
	child.kill('SIGINT');
	const code = await new Promise(resolve => {
		child.on('close', resolve);
	});
	assert.equal(code, 0, stderr);
	const profile = loadProfile(saved);
	assert.equal(profile.workload, 'synthetic');
	assert.deepEqual(profile.options, {latency: '1ms'});
	assert.equal(profile.engine['workers'], 1);
	const load = profile.load as {type: string; duration: string; points: Array<{rate: number}>};
	assert.equal(load.type, 'timeline');
	assert.deepEqual(load.points.map(point => point.rate), [150]);
	const seconds = Number.parseFloat(load.duration);
	assert.ok(seconds > 1 && seconds < 10, `the timeline ends where the run was stopped, not at 60 s: ${load.duration}`);
});
