/**
 * Passwords and tokens given in URLs or flags never reach the TUI, stdout, stderr or any report —
 * checked end to end against a real password-protected redis-server and token-protected nats-server.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {createElement as h} from 'react';
import {App} from '../../source/app.js';
import {startRun} from '../../source/engine/controller.js';
import {command as redisCommand} from '../../source/commands/redis.js';
import {runCli} from '../helpers/cli.js';
import {testPlan} from '../helpers/plan.js';
import {startNats, startRedis, type TestServer} from '../helpers/servers.js';
import {renderInk, settle} from '../ui/ink.js';

const redisPassword = 'Rp4ss-9f3b1c';
const natsToken = 'Nt0ken-77ad2e';
const secrets = [redisPassword, natsToken];
const setCommand = ['--command', 'SET secret-test:{{.RequestNumber}} v'];

let redis: TestServer;
let nats: TestServer;
let dir: string;

before(async () => {
	[redis, nats] = await Promise.all([startRedis({args: ['--requirepass', redisPassword]}), startNats({args: ['--auth', natsToken]})]);
	dir = mkdtempSync(path.join(tmpdir(), 'loadscope-secrets-'));
});

after(async () => {
	await Promise.all([redis?.stop(), nats?.stop()]);
	rmSync(dir, {recursive: true, force: true});
});

function assertNoSecret(where: string, text: string): void {
	for (const secret of secrets) {
		assert.ok(!text.includes(secret), `${where} shows a secret:\n${text.slice(0, 2000)}`);
	}
}

/** Runs the CLI with every report written, then checks stdout, stderr and each report file. */
async function runAndCheck(name: string, args: readonly string[]): Promise<string> {
	const outputs = path.join(dir, name);
	const result = await runCli([...args, '-r', '40', '-d', '1s', '--report-interval', '250ms', '--json', `${outputs}.json`, '--csv', `${outputs}.csv`, '--hdr-log', `${outputs}.hlog`], {timeoutMs: 60_000});
	assert.equal(result.code, 0, `${name}: exit ${result.code}\n${result.stderr}`);
	assertNoSecret(`${name} stdout`, result.stdout);
	assertNoSecret(`${name} stderr`, result.stderr);
	const files = readdirSync(dir).filter(file => file.startsWith(`${name}.`));
	assert.equal(files.length, 3, `all three reports written: ${files.join(', ')}`);
	for (const file of files) {
		assertNoSecret(file, readFileSync(path.join(dir, file), 'utf8'));
	}

	return result.stdout;
}

test('redis: a password in the URL authenticates but appears nowhere', async () => {
	const stdout = await runAndCheck('redis-url', ['redis', ...setCommand, '--redis-addr', `redis://:${redisPassword}@127.0.0.1:${redis.port}`]);
	assert.match(stdout, /Target: +redis:\/\/:\*\*\*@127\.0\.0\.1/);
	assert.doesNotMatch(stdout, /Failed: +[1-9]/, 'the password was used: every call succeeded');
});

test('redis: --redis-password is used and hidden too', async () => {
	await runAndCheck('redis-flag', ['redis', ...setCommand, '--redis-addr', `127.0.0.1:${redis.port}`, '--redis-password', redisPassword]);
});

test('nats: a token in the URL and --nats-token are used and hidden', async () => {
	await runAndCheck('nats-url', ['nats', '--nats-servers', `nats://${natsToken}@127.0.0.1:${nats.port}`]);
	await runAndCheck('nats-flag', ['nats', '--nats-servers', `127.0.0.1:${nats.port}`, '--nats-token', natsToken]);
});

test('registry mix over both backends with credentials: nothing leaks', async () => {
	await runAndCheck('mixed', ['mixed', '--redis-addr', `redis://:${redisPassword}@127.0.0.1:${redis.port}`, '--nats-servers', `nats://${natsToken}@127.0.0.1:${nats.port}`]);
});

test('a wrong password fails with one line that does not echo it', async () => {
	const wrong = 'Wr0ng-pw-5521';
	const result = await runCli(['redis', ...setCommand, '--redis-addr', `redis://:${wrong}@127.0.0.1:${redis.port}`, '-r', '10', '-d', '1s'], {timeoutMs: 60_000});
	assert.notEqual(result.code, 0);
	assert.ok(!`${result.stdout}${result.stderr}`.includes(wrong), `the wrong password leaked:\n${result.stderr}`);
	assert.match(result.stderr, /^loadscope: .*(auth|password|WRONGPASS|NOAUTH)/im);
	assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
});

test('the TUI never shows the password, in any frame of a live run', async () => {
	const build = await redisCommand.build({redisAddr: `redis://:${redisPassword}@127.0.0.1:${redis.port}`, command: [setCommand[1]!]}, []);
	const handle = await startRun({...testPlan({workload: build.workload, load: {type: 'constant', rate: 50, durationMs: 1500}}), target: build.target});
	const app = renderInk(h(App, {handle, output: {rateStep: 5, spikeMultiplier: 5, spikeDurationMs: 5000}, size: {columns: 120, rows: 40}}));
	const frames: string[] = [];
	let done = false;
	void handle.done.then(() => {
		done = true;
	});
	while (!done) {
		// eslint-disable-next-line no-await-in-loop
		await settle(100);
		frames.push(app.frame());
	}

	const result = await handle.done;
	app.unmount();
	assert.ok(result.final.total.ok > 0, 'the run authenticated and completed calls');
	assert.ok(frames.some(frame => frame.includes('redis://:***@127.0.0.1')), 'the header shows the redacted target');
	for (const [index, frame] of frames.entries()) {
		assertNoSecret(`frame ${index}`, frame);
	}

	assertNoSecret('the final result', JSON.stringify(result));
});
