/**
 * The pattern against real redis-server and nats-server (started here on free ports), and the
 * in-memory backends: register, enumerate with every operator, TTL expiry, unregister, and
 * multicast delivered to a real subscriber but not to an identity nobody subscribes to.
 */
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {createBus, createRegistry, type Metadata, type MulticastRegistry, type RegistryOptions} from '../../source/pattern/index.js';
import {parseFilter} from '../../source/pattern/filter-parse.js';
import {redisAndNatsForFile} from '../helpers/servers.js';
import {sleep} from '../helpers/plan.js';

const servers = redisAndNatsForFile({before, after});

const people: Array<{identity: string; metadata: Metadata}> = [
	{identity: 'u-1', metadata: {status: 'online', region: 'us', tier: 1, name: 'alice'}},
	{identity: 'u-2', metadata: {status: 'online', region: 'eu', tier: 2, name: 'bob'}},
	{identity: 'u-3', metadata: {status: 'away', region: 'eu', tier: 3, name: 'carol', vip: true}},
	{identity: 'u-4', metadata: {status: 'offline', region: 'ap', tier: 10, name: 'dave'}},
];

const expectations: Array<[string, string[]]> = [
	['status=online', ['u-1', 'u-2']],
	['status=online and region=eu', ['u-2']],
	['status!=online', ['u-3', 'u-4']],
	['tier<2', ['u-1']],
	['tier<=2', ['u-1', 'u-2']],
	['tier>3', ['u-4']],
	['tier>=3', ['u-3', 'u-4']],
	['name startswith ca', ['u-3']],
	['name endswith e', ['u-1', 'u-4']],
	['name contains o', ['u-2', 'u-3']],
	['region in (us,ap)', ['u-1', 'u-4']],
	['vip exists', ['u-3']],
	['status=online or tier=10', ['u-1', 'u-2', 'u-4']],
	['not region=eu', ['u-1', 'u-4']],
	['status=away and region=eu and vip=true', ['u-3']],
];

function backends(kind: string): () => RegistryOptions {
	return kind === 'memory'
		? () => ({namespace: `pattern-test-${Math.random()}`})
		: () => ({
				redis: {host: '127.0.0.1', port: servers.redis().port, username: undefined, password: undefined, db: 0, tls: false, caFile: undefined},
				nats: {servers: [`127.0.0.1:${servers.nats().port}`], user: undefined, pass: undefined, token: undefined, credsFile: undefined, tls: false, caFile: undefined},
				keyPrefix: `test:${Math.random()}`,
			});
}

const names = async (registry: MulticastRegistry, text?: string) =>
	(await registry.enumerate(text === undefined ? undefined : parseFilter(text))).map(entry => entry.identity).sort();

for (const kind of ['redis+nats', 'memory']) {
	const options = backends(kind);
	describe(kind, () => {
		test('register, enumerate with every operator, unregister', async () => {
			const registry = await createRegistry(options());
			try {
				for (const {identity, metadata} of people) {
					// eslint-disable-next-line no-await-in-loop
					await registry.register(identity, metadata, 30_000);
				}

				assert.deepEqual(await names(registry), ['u-1', 'u-2', 'u-3', 'u-4']);
				for (const [text, expected] of expectations) {
					// eslint-disable-next-line no-await-in-loop
					assert.deepEqual(await names(registry, text), expected, text);
				}

				const [first] = await registry.enumerate(parseFilter('name=alice'));
				assert.deepEqual(first?.metadata, people[0]!.metadata, 'metadata comes back typed');
				// Re-registering with new metadata moves it between index sets.
				await registry.register('u-1', {status: 'away', region: 'us', tier: 1, name: 'alice'}, 30_000);
				assert.deepEqual(await names(registry, 'status=online'), ['u-2']);
				assert.deepEqual(await names(registry, 'status=away'), ['u-1', 'u-3']);
				assert.equal(await registry.unregister('u-3'), true);
				assert.equal(await registry.unregister('u-3'), false);
				assert.deepEqual(await names(registry, 'status=away'), ['u-1']);
				assert.deepEqual(await names(registry), ['u-1', 'u-2', 'u-4']);
			} finally {
				await registry.close();
			}
		});

		test('expired identities are neither enumerated nor targeted', async () => {
			const registry = await createRegistry(options());
			try {
				await registry.register('short', {status: 'online'}, 300);
				await registry.register('long', {status: 'online'}, 30_000);
				assert.deepEqual(await names(registry, 'status=online'), ['long', 'short']);
				await sleep(400);
				assert.deepEqual(await names(registry, 'status=online'), ['long']);
				assert.deepEqual(await names(registry), ['long']);
				const result = await registry.multicast(parseFilter('status=online'), new Uint8Array([1]));
				assert.equal(result.targets, 1);
				await sleep(1100);
				// After a sweep the expired one is gone from every structure, still not listed.
				assert.deepEqual(await names(registry, 'status=online'), ['long']);
			} finally {
				await registry.close();
			}
		});

		test('a multicast reaches a real subscriber; an identity with no subscriber receives nothing', async () => {
			const base = options();
			const registry = await createRegistry(base);
			const receiver = await createBus(base);
			const received: string[] = [];
			try {
				receiver.subscribe(registry.subjectFor('listening'), subject => received.push(subject));
				let strays = 0;
				await registry.register('listening', {status: 'online'}, 30_000);
				await registry.register('nobody-home', {status: 'online'}, 30_000);
				await registry.register('filtered-out', {status: 'offline'}, 30_000);
				receiver.subscribe(registry.subjectFor('filtered-out'), () => strays++);
				await sleep(100);
				const result = await registry.multicast(parseFilter('status=online'), new TextEncoder().encode('hello'));
				assert.deepEqual(result, {targets: 2, published: 2, failed: 0});
				await sleep(300);
				assert.deepEqual(received, ['prism.multicast.listening']);
				assert.equal(strays, 0, 'an identity the filter does not match gets nothing');
			} finally {
				await Promise.all([registry.close(), receiver.close()]);
			}
		});
	});
}

test('identities registered through one redis connection are seen through another', async () => {
	const base = backends('redis+nats')();
	const [one, two] = await Promise.all([createRegistry(base), createRegistry(base)]);
	try {
		await one.register('from-one', {status: 'online', region: 'eu'}, 30_000);
		assert.deepEqual(await names(two, 'region=eu'), ['from-one']);
	} finally {
		await Promise.all([one.close(), two.close()]);
	}
});
