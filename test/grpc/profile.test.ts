/**
 * profiles/grpc-keyvalue.yaml end to end: `loadscope run` against a real in-process
 * `loadscope serve` (its address swapped for a free port), cut to 2 s with -d: every Set succeeds,
 * each with its own key, and the offered rate follows the profile's ramp.
 */
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {startServer, type RunningServer} from '../../source/server/start-server.js';
import {runCli} from '../helpers/cli.js';
import {keyExists} from './keyvalue-exists.js';

const shipped = fileURLToPath(new URL('../../../profiles/grpc-keyvalue.yaml', import.meta.url));
let server: RunningServer;
let folder: string;

before(async () => {
	server = await startServer({port: 0, host: '127.0.0.1'});
	folder = await mkdtemp(path.join(os.tmpdir(), 'loadscope-grpc-profile-'));
});

after(async () => {
	await server.close(100);
	await rm(folder, {recursive: true, force: true});
});

test('grpc-keyvalue.yaml runs against a real serve: Sets succeed with templated keys, the rate ramps', {timeout: 60_000}, async () => {
	const text = await readFile(shipped, 'utf8');
	assert.match(text, /'127\.0\.0\.1:8980'/);
	const profile = path.join(folder, 'grpc-keyvalue.yaml');
	await writeFile(profile, text.replace("'127.0.0.1:8980'", `'127.0.0.1:${server.port}'`));
	const json = path.join(folder, 'run.json');
	const run = await runCli(['run', profile, '-d', '2s', '--no-tui', '--workers', '1', '--json', json], {timeoutMs: 45_000});
	// The profile's p99<50ms may fail on a busy machine (exit 3); the run itself must not.
	assert.ok(run.code === 0 || run.code === 3, run.stderr + run.stdout);
	const report = JSON.parse(await readFile(json, 'utf8')) as {
		endReason: string;
		thresholds: Array<{expression: string}>;
		operations: Array<{name: string; count: number; errors: number}>;
		series: Array<{t: number; state: string; targetRate: number}>;
	};
	assert.equal(report.endReason, 'duration');
	assert.deepEqual(report.thresholds.map(threshold => threshold.expression), ['p99<50ms', 'errors<0.1%']);
	const [set] = report.operations;
	assert.ok(set && set.count > 80, `about 130 Sets in 2 s of a 50 → 80 req/s ramp, got ${set?.count}`);
	assert.equal(set.errors, 0);
	// The ramp: 50 req/s at the start, 50 + 450 × t / 30 s later.
	const running = report.series.filter(point => point.state === 'running');
	assert.ok(Math.abs(running[0]!.targetRate - (50 + (15 * running[0]!.t))) < 3, `first target ${running[0]!.targetRate} at ${running[0]!.t} s`);
	const last = running.at(-1)!;
	assert.ok(Math.abs(last.targetRate - (50 + (15 * last.t))) < 3, `last target ${last.targetRate} at ${last.t} s`);

	// Every request wrote its own key, numbered from 0 (one worker).
	assert.equal(await exists('profile-0'), true);
	assert.equal(await exists(`profile-${set.count - 1}`), true);
	assert.equal(await exists(`profile-${set.count}`), false);
});

const exists = async (key: string) => keyExists(server.port, 'default', key);
