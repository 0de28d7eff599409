/**
 * Per-stage statistics and the live knee, end to end: real worker threads, the synthetic target.
 */
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';
import {Ajv} from 'ajv';
import {startRun} from '../../source/engine/controller.js';
import {serializeReport} from '../../source/report/json.js';
import {schemaPath} from '../../source/report/report-file.js';
import {formatSummary} from '../../source/report/summary.js';
import {sleep, testPlan} from '../helpers/plan.js';

test('a step profile gets one stage per level with its offered rate, count and latency', async () => {
	const handle = await startRun(
		testPlan({
			workload: {kind: 'synthetic', options: {latencyMs: 2, distribution: 'constant'}},
			load: {type: 'step', start: 100, step: 100, 'step-duration': '2s', end: 300},
		}),
	);
	const result = await handle.done;
	const {stages, total} = result.final;
	assert.deepEqual(
		stages.map(stage => stage.name),
		['100/s', '200/s', '300/s'],
	);
	for (const [index, stage] of stages.entries()) {
		const level = (index + 1) * 100;
		assert.equal(stage.index, index);
		assert.ok(Math.abs(stage.offeredRate - level) <= level * 0.1, `stage ${stage.name} offered ${stage.offeredRate}/s`);
		assert.ok(Math.abs(stage.achievedRate - level) <= level * 0.1, `stage ${stage.name} achieved ${stage.achievedRate}/s`);
		assert.ok(Math.abs(stage.targetRate - level) <= level * 0.1, `stage ${stage.name} target ${stage.targetRate}/s`);
		assert.ok(Math.abs(stage.count - (level * 2)) <= level * 0.2, `stage ${stage.name} completed ${stage.count}`);
		assert.ok(Math.abs(stage.endMs - stage.startMs - 2000) <= 300, `stage ${stage.name} lasted ${stage.endMs - stage.startMs} ms`);
		assert.ok(stage.latency.p50 >= 2 && stage.latency.p99 >= stage.latency.p50, `stage ${stage.name} p50 ${stage.latency.p50} p99 ${stage.latency.p99}`);
		assert.ok(stage.service.p50 >= 2 && stage.service.count === stage.count, 'service time too');
		assert.equal(stage.errors, 0);
	}

	// Every completed call is in exactly one stage.
	assert.equal(stages.reduce((sum, stage) => sum + stage.count, 0), total.completed);
	const summary = formatSummary(result);
	assert.match(summary, /Stages \(latency vs throughput\)/);
	assert.match(summary, /200\/s/);
});

test('each manual rate level held at least 3 s becomes its own stage; shorter levels do not', async () => {
	const handle = await startRun(
		testPlan({workload: {kind: 'synthetic', options: {latencyMs: 1, distribution: 'constant'}}, load: {type: 'constant', rate: 100, durationMs: 8000}}),
	);
	await sleep(3300);
	handle.send({type: 'set-rate', rate: 150});
	await sleep(1000);
	handle.send({type: 'set-rate', rate: 300});
	const result = await handle.done;
	const {stages} = result.final;
	assert.deepEqual(
		stages.map(stage => stage.name),
		['100/s', 'manual 300/s'],
	);
	assert.ok(Math.abs(stages[0]!.offeredRate - 100) <= 10, `first level offered ${stages[0]!.offeredRate}/s`);
	assert.ok(Math.abs(stages[1]!.offeredRate - 300) <= 30, `manual level offered ${stages[1]!.offeredRate}/s`);
	assert.ok(stages[1]!.endMs - stages[1]!.startMs >= 3000, 'the manual level was held over 3 s');
});

test('a single constant level has no stage table (it would repeat the totals)', async () => {
	const handle = await startRun(testPlan({load: {type: 'constant', rate: 100, durationMs: 1500}}));
	const result = await handle.done;
	assert.deepEqual(result.final.stages, []);
});

test('the live knee: a step run that crosses capacity marks the first level past it, with its reason', async () => {
	// 20 service slots at 50 ms: capacity 400 req/s. Levels 100, 300, 500 req/s.
	const handle = await startRun(
		testPlan({
			workload: {kind: 'synthetic', options: {latencyMs: 50, distribution: 'constant', capacity: 20}},
			load: {type: 'step', start: 100, step: 200, 'step-duration': '2500ms', end: 500},
			engine: {drainTimeoutMs: 3000},
		}),
	);
	let seenLive: number | undefined;
	handle.onSnapshot(snapshot => {
		if (snapshot.knee && seenLive === undefined && snapshot.state !== 'draining' && snapshot.state !== 'done') {
			seenLive = snapshot.activeMs;
		}
	});
	const result = await handle.done;
	const {stages, knee} = result.final;
	assert.equal(stages.length, 3);
	assert.ok(knee, 'a knee was found');
	assert.ok(Math.abs(knee.rate - 500) <= 50, `knee at ${knee.rate}/s: ${knee.reason}`);
	const kneeStage = stages[2]!;
	assert.ok(knee.atMs >= kneeStage.startMs && knee.atMs < kneeStage.endMs, `knee at ${knee.atMs} ms is within the 500/s stage`);
	assert.match(knee.reason, /baseline p99|of offered/);
	assert.ok(seenLive !== undefined, 'the knee was in a live snapshot, before the run ended');
	assert.ok(stages[1]!.latency.p99 < stages[0]!.latency.p99 * 2, 'the 300/s level was still below the knee');
	assert.match(formatSummary(result), /Knee:\s+500\/s/);
	// The JSON report carries the stage table and the knee, and still matches its schema.
	const report = JSON.parse(serializeReport(result)) as {stages: unknown[]; knee: {rate: number} | null};
	const validate = new Ajv({strict: true, allErrors: true}).compile(JSON.parse(await readFile(schemaPath, 'utf8')) as object);
	assert.ok(validate(report), JSON.stringify(validate.errors));
	assert.equal(report.stages.length, result.final.stages.length);
	assert.equal(report.knee?.rate, result.final.knee!.rate);
});
