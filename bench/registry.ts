/**
 * The Redis key layout for enumerate, measured: reading 1,000 identities' metadata from the
 * layout in use (one `P:meta` hash, HMGET in chunks) against the per-identity-hash layout
 * (pipelined HGETALL), both on a redis-server this bench starts; then the pattern's own enumerate
 * and multicast at 1,000 identities. Ratios against the HGETALL baseline measured in the same run.
 */
import {Redis} from 'ioredis';
import {startNats, startRedis} from '../test/helpers/servers.js';
import {createBus, createRegistry} from '../source/pattern/create.js';

const identities = 1000;
const rounds = 30;

async function median(times: number, run: () => Promise<void>): Promise<number> {
	const samples: number[] = [];
	for (let index = 0; index < times; index++) {
		const start = performance.now();
		// eslint-disable-next-line no-await-in-loop
		await run();
		samples.push(performance.now() - start);
	}

	samples.sort((a, b) => a - b);
	return samples[Math.floor(samples.length / 2)]!;
}

export async function run(log: (line: string) => void): Promise<void> {
	const [redisServer, natsServer] = await Promise.all([startRedis(), startNats()]);
	const client = new Redis({host: '127.0.0.1', port: redisServer.port});
	try {
		const ids = Array.from({length: identities}, (_, index) => `u-${index}`);
		const metadata = (index: number) => ({status: 'online', region: ['us', 'eu', 'ap'][index % 3]!, user_id: index, tier: index % 5, registered_at: Date.now()});
		const fill = client.pipeline();
		for (const [index, id] of ids.entries()) {
			fill.hset(`old:id:${id}`, Object.fromEntries(Object.entries(metadata(index)).map(([key, value]) => [key, JSON.stringify(value)])));
			fill.hset('new:meta', id, JSON.stringify(metadata(index)));
		}

		await fill.exec();
		const hgetall = await median(rounds, async () => {
			const pipeline = client.pipeline();
			for (const id of ids) {
				pipeline.hgetall(`old:id:${id}`);
			}

			const replies = (await pipeline.exec()) ?? [];
			for (const [, raw] of replies) {
				for (const value of Object.values(raw as Record<string, string>)) {
					JSON.parse(value);
				}
			}
		});
		const hmget = await median(rounds, async () => {
			const replies = await client.hmget('new:meta', ...ids);
			for (const raw of replies) {
				JSON.parse(raw!);
			}
		});
		log(`baseline: metadata of ${identities} identities, pipelined HGETALL of per-identity hashes: ${hgetall.toFixed(1)} ms (median of ${rounds})`);
		log(`layout in use: HMGET of one metadata hash: ${hmget.toFixed(1)} ms (${(hgetall / hmget).toFixed(1)}x faster)`);

		const options = {
			redis: {host: '127.0.0.1', port: redisServer.port, username: undefined, password: undefined, db: 0, tls: false, caFile: undefined},
			nats: {servers: [`127.0.0.1:${natsServer.port}`], user: undefined, pass: undefined, token: undefined, credsFile: undefined, tls: false, caFile: undefined},
			keyPrefix: 'bench',
		};
		const registry = await createRegistry(options);
		const receiver = await createBus(options);
		let received = 0;
		for (const id of ids) {
			receiver.subscribe(registry.subjectFor(id), () => received++);
		}

		await receiver.flush(5000);
		await Promise.all(ids.map(async (id, index) => registry.register(id, metadata(index), 600_000)));
		const enumerate = await median(rounds, async () => {
			await registry.enumerate();
		});
		const indexed = await median(rounds, async () => {
			await registry.enumerate({op: 'eq', field: 'region', value: 'us'});
		});
		const multicast = await median(rounds, async () => {
			await registry.multicast(undefined, new Uint8Array(16));
		});
		log(`pattern enumerate, all ${identities}: ${enumerate.toFixed(1)} ms (${(enumerate / hgetall).toFixed(2)}x the baseline read)`);
		log(`pattern enumerate region=us via the index (${identities / 3 | 0} results): ${indexed.toFixed(1)} ms`);
		log(`pattern multicast to ${identities} targets, publish + flush (subscribers in this process): ${multicast.toFixed(1)} ms; received ${received} of ${rounds * identities}`);
		await Promise.all([registry.close(), receiver.close()]);
	} finally {
		client.disconnect();
		await Promise.all([redisServer.dispose(), natsServer.dispose()]);
	}
}
