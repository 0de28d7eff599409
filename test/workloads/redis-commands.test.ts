import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseRedisCommands, tokenizeCommand} from '../../source/workloads/redis-commands.js';
import {redisErrorKind} from '../../source/workloads/redis.js';

test('tokenising keeps quoted words and template actions whole', () => {
	assert.deepEqual(tokenizeCommand(`SET "a b" 'c d' key:{{randomInt 0 1000}} "x\\"y"`), ['SET', 'a b', 'c d', 'key:{{randomInt 0 1000}}', 'x"y']);
	assert.deepEqual(tokenizeCommand('  GET   k  '), ['GET', 'k']);
	assert.deepEqual(tokenizeCommand('SET k ""'), ['SET', 'k', '']);
	assert.throws(() => tokenizeCommand('SET "k'), /unclosed " quote/);
});

test('weights, names and templates of --command', () => {
	const specs = parseRedisCommands(['80:GET {{.Key}}', '20:SET {{.Key}} v', 'SET other v', '2.5%:del k'], {keys: 10});
	assert.deepEqual(
		specs.map(spec => [spec.name, spec.weight, spec.verb, spec.args.length]),
		[
			['get', 80, 'GET', 1],
			['set', 20, 'SET', 2],
			['set-2', 1, 'SET', 2],
			['del', 2.5, 'del', 1],
		],
	);
	assert.throws(() => parseRedisCommands([], {keys: 0}), /at least one --command/);
	assert.throws(() => parseRedisCommands(['  '], {keys: 0}), /is empty/);
	assert.throws(() => parseRedisCommands(['-5:GET k'], {keys: 0}), /weight '-5' must be a number more than 0/);
	assert.throws(() => parseRedisCommands(['0:GET k'], {keys: 0}), /weight '0'/);
	assert.throws(() => parseRedisCommands(['8x:GET k'], {keys: 0}), /weight '8x'/);
	assert.throws(() => parseRedisCommands(['GET {{randomInt 5 1}}'], {keys: 0}), /randomInt needs MIN < MAX/);
	assert.throws(() => parseRedisCommands(['GET {{.Key}}'], {keys: 0}), /give --keys N/);
});

test('error kinds come from the Redis error prefix', () => {
	const reply = (message: string) => Object.assign(new Error(message), {name: 'ReplyError'});
	assert.equal(redisErrorKind(reply('WRONGTYPE Operation against a key holding the wrong kind of value')), 'WRONGTYPE');
	assert.equal(redisErrorKind(reply("ERR unknown command 'FOO'")), 'ERR');
	assert.equal(redisErrorKind(reply('NOAUTH Authentication required.')), 'NOAUTH');
	assert.equal(redisErrorKind(new Error('Command timed out')), 'timeout');
	assert.equal(redisErrorKind(new Error("Stream isn't writeable and enableOfflineQueue options is false")), 'connection');
});
