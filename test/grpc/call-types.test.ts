/** Every gRPC call type end to end against the built-in server, plus templates, round-robin data and metadata. */
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Metadata} from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import {startRun} from '../../source/engine/controller.js';
import {builtinProtos, loadProtos} from '../../source/grpc/proto.js';
import {startServer, type RunningServer} from '../../source/server/start-server.js';
import {keyExists} from './keyvalue-exists.js';
import {grpcPlan, keyValue} from './plan.js';

let server: RunningServer;
const seen: Array<{method: string; metadata: Metadata}> = [];

before(async () => {
	server = await startServer({port: 0, host: '127.0.0.1', onMetadata(method, metadata) {
		seen.push({method, metadata});
	}});
});

after(async () => {
	await server.close(100);
});

async function run(call: string, items: unknown[], extra: Record<string, unknown> = {}) {
	const plan = grpcPlan(server.port, {call: `${keyValue}.${call}`, data: {kind: 'items', items: items.map(item => JSON.stringify(item))}, ...extra});
	const result = await (await startRun(plan)).done;
	const op = result.final.total.ops[0]!;
	return {result, op};
}

const exists = async (key: string) => keyExists(server.port, 'test', key);

test('unary Set: every call OK, none lost', async () => {
	const {result, op} = await run('Set', [{namespace: 'test', key: 'unary', value: 'dGVzdA=='}]);
	assert.equal(op.count, 10);
	assert.equal(op.ok, op.count);
	assert.equal(op.errors, 0);
	assert.equal(op.messages, 0, 'unary calls count no stream messages');
	assert.equal(result.final.total.ops.length, 1);
	assert.ok(await exists('unary'));
});

test('server streaming Watch: messages = 1 sent + the values streamed back', async () => {
	await run('SetStream', [{namespace: 'test', key: 'w-1'}, {namespace: 'test', key: 'w-2'}, {namespace: 'test', key: 'w-3'}]);
	const {op} = await run('Watch', [{namespace: 'test', prefix: 'w-', limit: 2}]);
	assert.equal(op.count, 10);
	assert.equal(op.errors, 0);
	assert.equal(op.messages, op.count * 3);
});

test('client streaming SetStream: every array item is a message of the stream', async () => {
	const {op} = await run('SetStream', [{namespace: 'test', key: 'c-1'}, {namespace: 'test', key: 'c-2'}, {namespace: 'test', key: 'c-3'}]);
	assert.equal(op.count, 10);
	assert.equal(op.errors, 0);
	assert.equal(op.messages, op.count * 4, '3 sent + 1 answer per call');
	assert.ok(await exists('c-3'));
});

test('bidi Exchange: one answer per message', async () => {
	const {op} = await run('Exchange', [{namespace: 'test', key: 'c-1'}, {namespace: 'test', key: 'nope'}]);
	assert.equal(op.count, 10);
	assert.equal(op.errors, 0);
	assert.equal(op.messages, op.count * 4);
});

test('templates render per request and array data is used round-robin; metadata arrives, -bin as bytes', async () => {
	seen.length = 0;
	const binary = Buffer.from([0, 1, 2, 250]);
	const {op} = await run('Set', [{namespace: 'test', key: 'rr-a-{{.RequestNumber}}'}, {namespace: 'test', key: 'rr-b-{{.RequestNumber}}-{{.MethodName}}'}], {
		metadata: {tenant: 'worker-{{.WorkerID}}', 'trace-bin': binary.toString('base64')},
	});
	assert.equal(op.count, 10);
	assert.equal(op.errors, 0);
	assert.ok(await exists('rr-a-0'));
	assert.ok(await exists('rr-b-1-Set'));
	assert.ok(await exists('rr-a-2'));
	assert.equal(await exists('rr-a-1'), false, 'request 1 used the second item');
	const sets = seen.filter(entry => entry.method === 'Set');
	assert.equal(sets.length, op.count);
	for (const {metadata} of sets) {
		assert.deepEqual(metadata.get('tenant'), ['worker-0']);
		assert.deepEqual(metadata.get('trace-bin'), [binary]);
	}
});

test('protobufjs is the loader the workload uses', () => {
	assert.ok(loadProtos(builtinProtos, []).lookupService(keyValue) instanceof protobuf.Service);
});
