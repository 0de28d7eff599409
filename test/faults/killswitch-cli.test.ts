/**
 * Killswitches as a user meets them: the real CLI, headless, against a target that gets stuck.
 * --max-duration ends the run, drain included, prints the partial summary whose counts add up,
 * and exits 0 (readme: Exit codes). A second Ctrl-C stops at once with what it has: exit 130.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {startCli} from '../report/live.js';

test('--max-duration: a stuck target and a 60 s --drain-timeout still end at --max-duration, with the summary and exit 0', async () => {
	// Calls answer in 1 ms until the target stalls at 2 s for 1.9 s; a drain that waited would end near 3.9 s.
	const started = Date.now();
	const result = await runCli(
		['synthetic', '-r', '200', '--latency', '1ms', '--latency-dist', 'constant', '--stall-every', '2s', '--stall-for', '1900ms', '--max-duration', '2500ms', '--drain-timeout', '60s', '--workers', '2'],
		{timeoutMs: 20_000},
	);
	assert.equal(result.code, 0, result.stderr);
	assert.ok(Date.now() - started < 15_000);
	const wall = /Duration: +[\d.]+ s active, ([\d.]+) s wall, ended by max-duration/.exec(result.stdout);
	assert.ok(wall, result.stdout);
	assert.ok(Number(wall[1]) <= 3.2, `ended ${wall[1]} s after its start`);
	const accounting = /Accounting: +dispatched (\d+) = ok (\d+) \+ failed (\d+) \+ cancelled at stop (\d+); not sent (\d+)/.exec(result.stdout);
	assert.ok(accounting, result.stdout);
	const [dispatched, ok, failed, cancelled] = accounting.slice(1, 5).map(Number) as [number, number, number, number];
	assert.equal(ok + failed + cancelled, dispatched, 'the counts add up');
	assert.ok(ok >= 300, `${ok} ok before the stall`);
	assert.ok(cancelled >= 50, `${cancelled} stuck calls cancelled at --max-duration`);
});

test('a second SIGINT stops at once: the stuck calls are cancelled, the summary prints, exit 130', async () => {
	// Every call takes 60 s, so the first SIGINT's drain (10 s by default) would wait.
	const started = Date.now();
	const cli = startCli(['synthetic', '-r', '100', '-d', '60s', '--latency', '60s', '--latency-dist', 'constant', '--no-tui', '--report-interval', '500ms', '--workers', '2']);
	await cli.waitFor(/\[\s*\d+s\]/);
	cli.child.kill('SIGINT');
	await new Promise(resolve => {
		setTimeout(resolve, 300);
	});
	cli.child.kill('SIGINT');
	const end = await cli.exited;
	assert.equal(end.code, 130, end.stderr);
	assert.ok(Date.now() - started < 9000, 'it did not wait for the 10 s drain');
	assert.match(end.stdout, /ended by interrupted/);
	const accounting = /Accounting: +dispatched (\d+) = ok (\d+) \+ failed (\d+) \+ cancelled at stop (\d+)/.exec(end.stdout);
	assert.ok(accounting, end.stdout);
	assert.ok(Number(accounting[4]) > 20, `${accounting[4]} calls cancelled`);
	assert.equal(Number(accounting[4]), Number(accounting[1]), 'every call was still in flight, and is counted as cancelled');
});
