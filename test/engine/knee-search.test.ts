/**
 * The `knee` search shape end to end: real worker threads against the synthetic service with a
 * known capacity (service slots / latency), the knee found within 15% of it.
 */
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';
import {Ajv} from 'ajv';
import {startRun} from '../../source/engine/controller.js';
import {serializeReport} from '../../source/report/json.js';
import {schemaPath} from '../../source/report/report-file.js';
import {formatSummary} from '../../source/report/summary.js';
import {testPlan} from '../helpers/plan.js';

test('the knee search finds the knee of a 400 req/s service (40 slots at 100 ms) within 15%', async t => {
	const capacity = 40 / 0.1;
	const handle = await startRun(
		testPlan({
			workload: {kind: 'synthetic', options: {latencyMs: 100, distribution: 'constant', capacity: 40}},
			load: {type: 'knee', start: 75, factor: 2, 'step-duration': '3s', 'max-time': '38s', precision: '5%'},
			engine: {drainTimeoutMs: 5000},
		}),
	);
	const result = await handle.done;
	const {knee, stages} = result.final;
	const table = formatSummary(result);
	assert.ok(knee, `a knee was found:\n${table}`);
	assert.ok(Math.abs(knee.rate - capacity) <= capacity * 0.15, `knee ${knee.rate}/s vs capacity ${capacity}/s:\n${table}`);
	t.diagnostic(`knee ${knee.rate}/s vs capacity ${capacity}/s in ${(result.final.activeMs / 1000).toFixed(1)} s: ${knee.reason}`);
	assert.match(knee.reason, /^between \S+ \(good, p99 [^)]+\) and \S+ \(.+\)/);
	assert.equal(result.endReason, 'duration');
	assert.ok(result.final.activeMs < 38_000, `the search converged before max-time (${result.final.activeMs} ms)`);
	// The evidence: geometric steps 75, 150, 300, 600, then bisection levels and rests.
	assert.deepEqual(
		stages.slice(0, 4).map(stage => stage.name),
		['75/s', '150/s', '300/s', '600/s'],
	);
	assert.ok(stages.some(stage => stage.name === 'rest' && stage.targetRate === 0), 'a rest after a bad level');
	assert.ok(stages.some(stage => stage.name.startsWith('? ')), 'bisection levels');
	const kneeStage = stages.find(stage => knee.atMs >= stage.startMs && knee.atMs < stage.endMs);
	assert.ok(kneeStage && Math.abs(kneeStage.targetRate - knee.rate) <= knee.rate * 0.01, 'the knee is marked on its level');
	assert.match(table, /◆ knee/);
	assert.match(table, /Knee:\s+\d/);
	// The JSON report carries the stage table and the knee, and still matches its schema.
	const report = JSON.parse(serializeReport(result)) as {stages: unknown[]; knee: {rate: number} | null};
	const validate = new Ajv({strict: true, allErrors: true}).compile(JSON.parse(await readFile(schemaPath, 'utf8')) as object);
	assert.ok(validate(report), JSON.stringify(validate.errors));
	assert.equal(report.stages.length, result.final.stages.length);
	assert.equal(report.knee?.rate, result.final.knee!.rate);
});

test('a knee search that finds no knee says how far it got: up to max-rate, or cut short by -d', async () => {
	const search = (load: Record<string, unknown>) => startRun(testPlan({
		workload: {kind: 'synthetic', options: {latencyMs: 5, distribution: 'constant', capacity: 100}},
		load: {type: 'knee', start: 50, factor: 2, 'step-duration': '1s', ...load},
	})).then(async handle => handle.done);

	const toMaxRate = await search({'max-rate': 100, 'max-time': '20s'});
	assert.equal(toMaxRate.final.knee, undefined, formatSummary(toMaxRate));
	assert.match(formatSummary(toMaxRate), /Knee:\s+none up to max-rate 100\/s: no level crossed the knee criteria; raise load\.max-rate/);
	assert.ok(toMaxRate.final.activeMs < 10_000, 'the search ended at max-rate, not max-time');

	const cut = await search({'max-rate': 5000, 'max-time': '20s', stopAtMs: 2500});
	assert.equal(cut.final.knee, undefined, formatSummary(cut));
	assert.match(formatSummary(cut), /Knee:\s+not found: no level up to \d+\/s crossed the knee criteria before the search ended \(duration\); give it more max-time or -d/);
});
