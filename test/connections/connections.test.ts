import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeNats, parseNatsTarget} from '../../source/connections/nats.js';
import {redactUrl} from '../../source/connections/redact.js';
import {describeRedis, parseRedisTarget, redisClientOptions} from '../../source/connections/redis.js';

test('redis addresses: host:port, URLs with credentials and db, flags override', () => {
	assert.deepEqual(parseRedisTarget({}), {host: '127.0.0.1', port: 6379, username: undefined, password: undefined, db: 0, tls: false, caFile: undefined});
	const url = parseRedisTarget({redisAddr: 'rediss://app:s3cret@cache.local:6380/2'});
	assert.deepEqual(url, {host: 'cache.local', port: 6380, username: 'app', password: 's3cret', db: 2, tls: true, caFile: undefined});
	assert.equal(describeRedis(url), 'rediss://app:***@cache.local:6380/2');
	const flags = parseRedisTarget({redisAddr: 'localhost:7000', redisPassword: 'pw', redisDb: '3'});
	assert.equal(describeRedis(flags), 'redis://:***@localhost:7000/3');
	assert.equal(redisClientOptions(flags).password, 'pw');
	assert.ok(!describeRedis(flags).includes('pw'));
});

test('bad redis addresses are one-line usage errors', () => {
	for (const [addr, expected] of [
		['http://x:1', /scheme 'http' is not redis/],
		['host:port', /'port' is not a port number/],
		['host:70000', /is not a port number/],
		['redis://u:p@[bad', /is not a valid URL/],
	] as const) {
		assert.throws(() => parseRedisTarget({redisAddr: addr}), (error: Error) => error.name === 'UsageError' && expected.test(error.message) && !error.message.includes('u:p@'), addr);
	}

	assert.throws(() => parseRedisTarget({redisDb: '-1'}), /--redis-db must be a database number/);
});

test('nats servers: lists, credentials in URLs, tokens, flags', () => {
	const target = parseNatsTarget({natsServers: 'nats://alice:pw@127.0.0.1:4222, 127.0.0.1:4223'});
	assert.deepEqual(target.servers, ['127.0.0.1:4222', '127.0.0.1:4223']);
	assert.equal(target.user, 'alice');
	assert.equal(target.pass, 'pw');
	assert.equal(describeNats(target), 'nats://alice:***@127.0.0.1:4222,nats://alice:***@127.0.0.1:4223');
	const token = parseNatsTarget({natsServers: 'tls://t0ken@example:4443'});
	assert.equal(token.token, 't0ken');
	assert.equal(token.tls, true);
	assert.ok(!describeNats(token).includes('t0ken'));
	assert.throws(() => parseNatsTarget({natsServers: 'http://x'}), /scheme 'http' is not nats/);
	assert.throws(() => parseNatsTarget({natsUser: 'a'}), /--nats-user and --nats-pass go together/);
});

test('redactUrl hides passwords and tokens in any URL', () => {
	assert.equal(redactUrl('redis://u:pw@h:1 and nats://tok@h:2'), 'redis://u:***@h:1 and nats://***@h:2');
	assert.equal(redactUrl('no secrets here'), 'no secrets here');
});

test('redactSecrets hides secret-named fields and URL credentials at any depth', async () => {
	const {redactSecrets} = await import('../../source/connections/redact.js');
	const plan = {
		workload: {kind: 'redis', options: {target: {host: 'h', password: 'pw1', db: 0}, natsTarget: {token: 't0k', pass: 'pw2', user: 'u'}, url: 'redis://u:pw3@h:1'}},
		list: [{apiKey: 'k', name: 'x'}],
		unset: {password: undefined},
	};
	const redacted = redactSecrets(plan);
	const text = JSON.stringify(redacted);
	for (const secret of ['pw1', 'pw2', 'pw3', 't0k', '"k"']) {
		assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
	}

	assert.equal(redacted.workload.options.target.host, 'h');
	assert.equal(redacted.workload.options.natsTarget.user, 'u');
	assert.equal(redacted.list[0]!.name, 'x');
	assert.equal(plan.workload.options.target.password, 'pw1', 'the original is untouched');
});
