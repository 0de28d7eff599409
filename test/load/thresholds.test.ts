import assert from 'node:assert/strict';
import {test} from 'node:test';
import {UsageError} from '../../source/errors.js';
import {parseThreshold} from '../../source/metrics/thresholds.js';
import {runCli} from '../helpers/cli.js';

test('threshold grammar', () => {
	assert.deepEqual(parseThreshold('register.p95<10ms'), {expression: 'register.p95<10ms', op: 'register', metric: {kind: 'latency', service: false, stat: 'p95'}, comparator: '<', limit: 10});
	assert.deepEqual(parseThreshold('p99.9 <= 1s').metric, {kind: 'latency', service: false, stat: 'p999'});
	assert.deepEqual(parseThreshold('set.service.p99<2ms').metric, {kind: 'latency', service: true, stat: 'p99'});
	assert.equal(parseThreshold('errors<0.1%').limit, 0.1);
	assert.equal(parseThreshold('multicast.delivery>99%').op, 'multicast');
	assert.equal(parseThreshold('achieved>98%').limit, 98);
	assert.equal(parseThreshold('rate>100').limit, 100);
	for (const bad of ['p99', 'p98<5ms', 'p99<fast', 'errors<140%', 'delivery>99%', 'a.b.p99<1ms', 'service.errors<1%']) {
		assert.throws(() => parseThreshold(bad), (error: unknown) => error instanceof UsageError && error.message.includes(`'${bad}'`) && error.message.includes('e.g.'), bad);
	}
});

test('a failed threshold exits 3, a passing one 0, --abort-on-fail ends early', {timeout: 240_000}, async () => {
	const common = ['synthetic', '-r', '100', '--latency', '5ms', '--latency-dist', 'constant', '--workers', '1'];
	const failing = await runCli([...common, '-d', '1s', '--threshold', 'p99<1ms', '--threshold', 'errors<1%'], {timeoutMs: 90_000});
	assert.equal(failing.code, 3, failing.stderr + failing.stdout);
	assert.match(failing.stdout + failing.stderr, /p99<1ms/);
	const passing = await runCli([...common, '-d', '1s', '--threshold', 'p99<2s', '--threshold', 'errors<1%', '--threshold', 'achieved>50%'], {timeoutMs: 90_000});
	assert.equal(passing.code, 0, passing.stderr + passing.stdout);
	const aborted = await runCli([...common, '-d', '20s', '--threshold', 'p99<1ms', '--abort-on-fail'], {timeoutMs: 90_000});
	assert.equal(aborted.code, 3, aborted.stderr + aborted.stdout);
	assert.match(aborted.stdout + aborted.stderr, /ended by threshold/);
});
