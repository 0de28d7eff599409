/**
 * Killswitches as a user meets them: the real CLI, headless, against a target that gets stuck.
 * --max-duration ends the run, drain included, prints the partial summary whose counts add up,
 * and exits 0 (readme: Exit codes).
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runCli} from '../helpers/cli.js';

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
