/**
 * The MulticastRegistry service of a real `loadscope serve` (in-process): every RPC including the
 * Subscribe stream, status codes for bad input / unknown identities / a backend that is down, the
 * same over real Redis + NATS, and `mixed --grpc` end to end through the CLI with every multicast
 * message delivered to a receiver holding a Subscribe stream.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {Metadata, status, type Client, type ClientReadableStream, type ServiceError} from '@grpc/grpc-js';
import {plaintext} from '../../source/grpc/credentials.js';
import {GrpcRegistry, openClient} from '../../source/grpc/registry-client.js';
import {SubscriptionStreams} from '../../source/grpc/registry-subscriptions.js';
import {PatternError} from '../../source/pattern/types.js';
import {startServer, type RunningServer} from '../../source/server/start-server.js';
import {runCli} from '../helpers/cli.js';
import {sleep} from '../helpers/plan.js';
import {redisAndNatsForFile} from '../helpers/servers.js';

const real = redisAndNatsForFile({before, after});

type Delivery = {payload: Buffer; received_at_ms: number};
type Unary = (request: unknown, metadata: Metadata, callback: (error: ServiceError | null, response: unknown) => void) => void;

/** One raw unary call: the response, or the error's code and details. */
async function call(client: Client, method: string, request: unknown): Promise<{response?: any; code: number; details?: string; trailers?: Metadata}> {
	const method_ = (client as unknown as Record<string, Unary>)[method]!.bind(client);
	return new Promise(resolve => {
		method_(request, new Metadata(), (error, response) => {
			resolve(error ? {code: error.code, details: error.details, trailers: error.metadata} : {code: status.OK, response});
		});
	});
}

function subscribe(client: Client, request: {identity: string; max_messages?: number}) {
	const stream = (client as unknown as {Subscribe: (request: unknown) => ClientReadableStream<Delivery>}).Subscribe(request);
	const received: Delivery[] = [];
	const ready = new Promise<void>((resolve, reject) => {
		stream.on('metadata', () => {
			resolve();
		});
		stream.on('error', reject);
	});
	const ended = new Promise<number>(resolve => {
		stream.on('data', (delivery: Delivery) => received.push(delivery));
		stream.on('status', (final: {code: number}) => {
			resolve(final.code);
		});
	});
	stream.on('error', () => undefined);
	return {stream, received, ready, ended};
}

const online = {status: {string_value: 'online'}, tier: {int_value: 3}, score: {double_value: 2.5}, vip: {bool_value: true}};

async function withServer(options: Parameters<typeof startServer>[0], run: (server: RunningServer, client: Client) => Promise<void>): Promise<void> {
	const server = await startServer({port: 0, host: '127.0.0.1', ...options});
	const client = openClient({target: `127.0.0.1:${server.port}`, tls: plaintext, connectionName: 'registry-test'});
	try {
		await run(server, client);
	} finally {
		client.close();
		await server.close(500);
	}
}

test('memory: Register, Enumerate (filters), Multicast delivered on Subscribe, Unregister; status codes', async () => {
	await withServer({}, async (server, client) => {
		const alice = subscribe(client, {identity: 'alice'});
		await alice.ready;
		assert.equal(server.subscribers(), 1);
		assert.equal((await call(client, 'Register', {identity: 'alice', metadata: online, ttl_ms: 30_000})).code, status.OK);
		assert.equal((await call(client, 'Register', {identity: 'bob', metadata: {status: {string_value: 'away'}, tier: {int_value: 1}}, ttl_ms: 30_000})).code, status.OK);

		const all = await call(client, 'Enumerate', {});
		assert.deepEqual(all.response.identities.map((entry: {identity: string}) => entry.identity).sort(), ['alice', 'bob']);
		const aliceEntry = all.response.identities.find((entry: {identity: string}) => entry.identity === 'alice');
		assert.equal(aliceEntry.metadata.tier.int_value, 3);
		assert.equal(aliceEntry.metadata.score.double_value, 2.5);
		assert.equal(aliceEntry.metadata.vip.bool_value, true);
		assert.ok(aliceEntry.expires_at_ms > Date.now() + 20_000);

		const names = async (filter: unknown) => ((await call(client, 'Enumerate', {filter})).response.identities as Array<{identity: string}>).map(entry => entry.identity).sort();
		assert.deepEqual(await names({gte: {field: 'tier', value: {int_value: 2}}}), ['alice']);
		assert.deepEqual(await names({in: {field: 'status', values: [{string_value: 'away'}, {string_value: 'gone'}]}}), ['bob']);
		assert.deepEqual(await names({not: {exists: 'vip'}}), ['bob']);
		assert.deepEqual(await names({or: {filters: [{startswith: {field: 'status', value: {string_value: 'onl'}}}, {lt: {field: 'tier', value: {int_value: 0}}}]}}), ['alice']);

		const multicast = await call(client, 'Multicast', {filter: {eq: {field: 'status', value: {string_value: 'online'}}}, payload: Buffer.from('hello')});
		assert.deepEqual(multicast.response, {target_count: 1, published_count: 1, failed_count: 0, failure_kind: '', failure_message: ''});
		const deadline = Date.now() + 5000;
		while (alice.received.length === 0 && Date.now() < deadline) {
			// eslint-disable-next-line no-await-in-loop
			await sleep(10);
		}

		assert.equal(alice.received.length, 1);
		assert.equal(alice.received[0]!.payload.toString(), 'hello');
		assert.ok(Math.abs(alice.received[0]!.received_at_ms - Date.now()) < 5000);

		assert.equal((await call(client, 'Unregister', {identity: 'bob'})).code, status.OK);
		const again = await call(client, 'Unregister', {identity: 'bob'});
		assert.equal(again.code, status.NOT_FOUND);
		assert.match(again.details!, /'bob' is not registered/);

		// Bad input: INVALID_ARGUMENT with the reason.
		const badFilter = await call(client, 'Enumerate', {filter: {in: {field: 'status', values: []}}});
		assert.equal(badFilter.code, status.INVALID_ARGUMENT);
		assert.match(badFilter.details!, /"in" needs a non-empty "values" array/);
		assert.equal((await call(client, 'Multicast', {filter: {eq: {field: '', value: {int_value: 1}}}})).code, status.INVALID_ARGUMENT);
		assert.match((await call(client, 'Register', {identity: 'carol', metadata: {}, ttl_ms: 0})).details!, /ttl_ms must be more than 0/);
		assert.equal((await call(client, 'Register', {identity: 'has space', metadata: {}, ttl_ms: 1000})).code, status.INVALID_ARGUMENT);
		assert.match((await call(client, 'Register', {identity: 'carol', metadata: {x: {}}, ttl_ms: 1000})).details!, /metadata "x" has no value set/);
		const badStream = subscribe(client, {identity: 'no spaces allowed'});
		await assert.rejects(badStream.ready, (error: ServiceError) => error.code === status.INVALID_ARGUMENT);

		// max_messages ends the stream with OK after that many deliveries.
		const once = subscribe(client, {identity: 'alice', max_messages: 1});
		await once.ready;
		await call(client, 'Multicast', {payload: Buffer.from('again')});
		assert.equal(await once.ended, status.OK);
		assert.equal(once.received.length, 1);

		// Stopping the server ends open Subscribe streams with UNAVAILABLE.
		const ending = alice.ended;
		await server.close(500);
		assert.equal(await ending, status.UNAVAILABLE);
	});
});

test('the client side (GrpcRegistry, SubscriptionStreams) speaks the pattern interface; an expired identity is neither enumerated nor targeted', async () => {
	await withServer({}, async server => {
		const target = `127.0.0.1:${server.port}`;
		const registry = new GrpcRegistry({target, tls: plaintext, timeoutMs: 5000, connectionName: 'test'});
		const streams = new SubscriptionStreams({target, tls: plaintext, timeoutMs: 5000, connectionName: 'test-streams'});
		try {
			const got: string[] = [];
			const subscription = streams.subscribe(registry.subjectFor('dave'), (subject, data) => got.push(`${subject}:${Buffer.from(data).toString()}`));
			await subscription.ready;
			await registry.register('dave', {status: 'online', tier: 4, ratio: 0.5}, 30_000);
			await registry.register('short-lived', {status: 'online'}, 300);
			assert.deepEqual((await registry.enumerate({op: 'gt', field: 'tier', value: 3})).map(entry => [entry.identity, entry.metadata]), [['dave', {status: 'online', tier: 4, ratio: 0.5}]]);
			await sleep(500);
			assert.deepEqual((await registry.enumerate()).map(entry => entry.identity), ['dave']);
			const result = await registry.multicast({op: 'eq', field: 'status', value: 'online'}, Buffer.from('m1'));
			assert.deepEqual(result, {targets: 1, published: 1, failed: 0});
			const deadline = Date.now() + 5000;
			while (got.length === 0 && Date.now() < deadline) {
				// eslint-disable-next-line no-await-in-loop
				await sleep(10);
			}

			assert.deepEqual(got, ['dave:m1']);
			assert.equal(await registry.unregister('dave'), true);
			assert.equal(await registry.unregister('dave'), false);
			await assert.rejects(registry.register('bad identity', {}, 1000), (error: PatternError) => error.kind === 'INVALID_ARGUMENT');
			subscription.unsubscribe();
			assert.deepEqual(registry.connections(), {grpc: true});
		} finally {
			await Promise.all([registry.close(), streams.close()]);
		}
	});
});

test('redis + nats: delivery through real NATS; NATS down gives UNAVAILABLE with the counts, Redis down gives UNAVAILABLE', async () => {
	const redisAddr = `127.0.0.1:${real.redis().port}`;
	await withServer({redisAddr, natsServers: `nats://127.0.0.1:${real.nats().port}`}, async (server, client) => {
		assert.match(server.description, /MulticastRegistry \(registry redis:\/\/127\.0\.0\.1:\d+ \+ bus nats:\/\/127\.0\.0\.1:\d+\)/);
		const target = `127.0.0.1:${server.port}`;
		const registry = new GrpcRegistry({target, tls: plaintext, timeoutMs: 5000, connectionName: 'test'});
		try {
			const erin = subscribe(client, {identity: 'erin'});
			await erin.ready;
			await registry.register('erin', {status: 'online', region: 'eu'}, 30_000);
			await registry.register('frank', {status: 'online', region: 'us'}, 30_000);
			// frank has no subscriber: targeted and published, but only erin receives.
			assert.deepEqual(await registry.multicast({op: 'eq', field: 'status', value: 'online'}, Buffer.from('x')), {targets: 2, published: 2, failed: 0});
			const deadline = Date.now() + 5000;
			while (erin.received.length === 0 && Date.now() < deadline) {
				// eslint-disable-next-line no-await-in-loop
				await sleep(10);
			}

			assert.equal(erin.received.length, 1);

			await real.nats().stop();
			await sleep(300);
			const down = await call(client, 'Multicast', {payload: Buffer.from('y')});
			assert.equal(down.code, status.UNAVAILABLE, down.details);
			assert.match(down.details!, /nats-down/);
			assert.equal(down.trailers?.get('loadscope-target-count')[0], '2');
			// The client keeps the counts: 2 targets, both failed, kind UNAVAILABLE.
			const failed = await registry.multicast(undefined, Buffer.from('z'));
			assert.deepEqual({...failed, error: failed.error?.kind}, {targets: 2, published: 0, failed: 2, error: 'UNAVAILABLE'});
			await real.nats().start();

			await real.redis().stop();
			await sleep(300);
			const register = await call(client, 'Register', {identity: 'gina', metadata: {}, ttl_ms: 1000});
			assert.equal(register.code, status.UNAVAILABLE, register.details);
			assert.match(register.details!, /redis-down/);
			await real.redis().start();
		} finally {
			await registry.close();
		}
	});
});

test('mixed --grpc through the CLI: the registry mix over the gRPC hop, every multicast message delivered on Subscribe streams', async () => {
	const server = await startServer({port: 0, host: '127.0.0.1'});
	const dir = mkdtempSync(path.join(os.tmpdir(), 'loadscope-registry-grpc-'));
	try {
		const json = path.join(dir, 'report.json');
		const result = await runCli(['mixed', '--grpc', `127.0.0.1:${server.port}`, '-r', '60', '-d', '2s', '--workers', '2', '--no-tui', '--json', json], {timeoutMs: 90_000});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout + result.stderr, /grpc:\/\/127\.0\.0\.1:\d+ MulticastRegistry/);
		const report = JSON.parse(readFileSync(json, 'utf8')) as {
			totals: {errors: number; completed: number};
			operations: Array<{name: string; count: number}>;
			delivery: {targets: number; delivered: number; late: number; failed: number; ratio: number; latency: {count: number}};
		};
		assert.equal(report.totals.errors, 0);
		assert.deepEqual(report.operations.map(op => op.name), ['register', 'enumerate', 'multicast']);
		assert.ok(report.operations.every(op => op.count > 0));
		assert.ok(report.delivery.targets > 50, `targets ${report.delivery.targets}`);
		assert.equal(report.delivery.failed, 0);
		assert.equal(report.delivery.ratio, 1);
		assert.equal(report.delivery.delivered, report.delivery.targets);
		assert.equal(report.delivery.latency.count, report.delivery.delivered);
		// The run's identities left the registry when it ended, and their streams closed.
		assert.equal(server.subscribers(), 0);
	} finally {
		rmSync(dir, {recursive: true, force: true});
		await server.close(500);
	}
});

test('--grpc to a host nobody listens on is one line and exit 2', async () => {
	const result = await runCli(['mixed', '--grpc', '127.0.0.1:1', '-d', '1s', '--no-tui'], {timeoutMs: 30_000});
	assert.equal(result.code, 2);
	assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
	assert.match(result.stderr, /--grpc: cannot reach 127\.0\.0\.1:1/);
});

test('serve stopped mid-run: calls fail as counted UNAVAILABLE, and succeed again when it returns on the same port', async () => {
	let server = await startServer({port: 0, host: '127.0.0.1'});
	const {port} = server;
	const {startRun} = await import('../../source/engine/controller.js');
	const {command: register} = await import('../../source/commands/register.js');
	const {testPlan} = await import('../helpers/plan.js');
	const built = await register.build({grpc: `127.0.0.1:${port}`, ttl: '30s'}, []);
	const handle = await startRun(testPlan({workload: built.workload, load: {type: 'constant', rate: 40, durationMs: 60_000}, engine: {workers: 1, timeoutMs: 2000}}));
	try {
		await sleep(1000);
		await server.close(0);
		await sleep(1000);
		const okBefore = handle.latest()?.total.ops[0]?.ok ?? 0;
		server = await startServer({port, host: '127.0.0.1'});
		const deadline = Date.now() + 30_000;
		while ((handle.latest()?.total.ops[0]?.ok ?? 0) < okBefore + 20 && Date.now() < deadline) {
			// eslint-disable-next-line no-await-in-loop
			await sleep(250);
		}

		handle.send({type: 'stop', reason: 'user'});
		const result = await handle.done;
		const op = result.final.total.ops[0]!;
		assert.ok(okBefore > 10, `ok before the stop: ${okBefore}`);
		assert.ok((op.errorsByKind.UNAVAILABLE ?? 0) > 0, `errors by kind: ${JSON.stringify(op.errorsByKind)}`);
		assert.ok(op.ok >= okBefore + 20, `recovered: ok ${op.ok}, before the restart ${okBefore}`);
		const {total} = result.final;
		assert.equal(total.ok + total.errors + total.cancelled, total.dispatched);
	} finally {
		await server.close(500);
	}
});
