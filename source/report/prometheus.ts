/**
 * --metrics-port N: a live Prometheus text-format endpoint (GET /metrics) while the run goes.
 * Counters come from the run totals; latency histograms are cumulative HDR histograms kept here
 * (interval histograms merged as they arrive) and cut at fixed `le` bounds in seconds, so the
 * buckets are stable from scrape to scrape as Prometheus requires.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import type {RunHandle} from '../engine/run-handle.js';
import type {RunSnapshot} from '../engine/snapshot.js';
import {createHistogram, type Histogram} from '../metrics/histogram.js';

/** Bucket upper bounds, seconds (100 us .. 60 s). */
export const latencyBounds = [
	0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
] as const;

type Cumulative = {latency: Histogram; service: Histogram};

type RecordedValues = {
	recordedValuesIterator: {reset(): void; hasNext(): boolean; next(): {valueIteratedTo: number; countAtValueIteratedTo: number}};
};

/** Label value escaping of the text format. */
function label(value: string): string {
	return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function number(value: number): string {
	return Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
}

/** Cumulative counts at each bound (values are microseconds in the histogram). */
function bucketCounts(histogram: Histogram): number[] {
	const counts = latencyBounds.map(() => 0);
	const iterator = (histogram as unknown as RecordedValues).recordedValuesIterator;
	iterator.reset();
	while (iterator.hasNext()) {
		const {valueIteratedTo, countAtValueIteratedTo} = iterator.next();
		const seconds = valueIteratedTo / 1e6;
		for (const [index, bound] of latencyBounds.entries()) {
			if (seconds <= bound) {
				counts[index]! += countAtValueIteratedTo;
			}
		}
	}

	return counts;
}

class Exposition {
	readonly lines: string[] = [];

	family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): void {
		this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
	}

	sample(name: string, labels: Record<string, string>, value: number): void {
		const text = Object.entries(labels)
			.map(([key, value]) => `${key}="${label(value)}"`)
			.join(',');
		this.lines.push(`${name}${text ? `{${text}}` : ''} ${number(value)}`);
	}

	histogram(name: string, labels: Record<string, string>, histogram: Histogram): void {
		const counts = bucketCounts(histogram);
		for (const [index, bound] of latencyBounds.entries()) {
			this.sample(`${name}_bucket`, {...labels, le: String(bound)}, counts[index]!);
		}

		this.sample(`${name}_bucket`, {...labels, le: '+Inf'}, histogram.totalCount);
		this.sample(`${name}_sum`, labels, histogram.totalCount === 0 ? 0 : (histogram.mean * histogram.totalCount) / 1e6);
		this.sample(`${name}_count`, labels, histogram.totalCount);
	}

	text(): string {
		return `${this.lines.join('\n')}\n`;
	}
}

export function renderMetrics(snapshot: RunSnapshot | undefined, histograms: ReadonlyMap<string, Cumulative>): string {
	const out = new Exposition();
	out.family('loadscope_up', 'gauge', '1 while the run is going, 0 once it is done.');
	out.sample('loadscope_up', {}, snapshot && snapshot.state !== 'done' ? 1 : 0);
	if (!snapshot) {
		return out.text();
	}

	const {total} = snapshot;
	out.family('loadscope_requests_total', 'counter', 'Completed calls by operation and status (ok or error).');
	for (const op of total.ops) {
		out.sample('loadscope_requests_total', {op: op.name, status: 'ok'}, op.ok);
		out.sample('loadscope_requests_total', {op: op.name, status: 'error'}, op.errors);
	}

	out.family('loadscope_errors_total', 'counter', 'Failed calls by operation and error kind.');
	for (const op of total.ops) {
		for (const [kind, count] of Object.entries(op.errorsByKind)) {
			out.sample('loadscope_errors_total', {op: op.name, kind}, count);
		}
	}

	out.family('loadscope_offered_total', 'counter', 'Arrivals scheduled (intended starts).');
	out.sample('loadscope_offered_total', {}, total.offered);
	out.family('loadscope_dispatched_total', 'counter', 'Calls sent.');
	out.sample('loadscope_dispatched_total', {}, total.dispatched);
	out.family('loadscope_dropped_total', 'counter', 'Arrivals dropped because the backlog was full.');
	out.sample('loadscope_dropped_total', {}, total.dropped);

	out.family('loadscope_latency_seconds', 'histogram', 'Corrected latency: completion minus intended start (no coordinated omission).');
	for (const [op, cumulative] of histograms) {
		out.histogram('loadscope_latency_seconds', {op}, cumulative.latency);
	}

	out.family('loadscope_service_time_seconds', 'histogram', 'Service time: completion minus actual send.');
	for (const [op, cumulative] of histograms) {
		out.histogram('loadscope_service_time_seconds', {op}, cumulative.service);
	}

	const gauges: Array<[string, string, number]> = [
		['loadscope_target_rate', 'Target rate now, requests per second (+Inf = as fast as possible).', snapshot.control.targetRate],
		['loadscope_offered_rate', 'Arrivals scheduled per second over the last interval.', snapshot.interval.offeredRate],
		['loadscope_achieved_rate', 'Calls sent per second over the last interval.', snapshot.interval.achievedRate],
		['loadscope_completed_rate', 'Calls completed per second over the last interval.', snapshot.interval.completedRate],
		['loadscope_in_flight', 'Calls sent and not yet completed.', snapshot.inFlight],
		['loadscope_backlog', 'Arrivals due but not yet sent (queued behind the concurrency cap).', snapshot.backlog],
		['loadscope_dispatch_lateness_p99_seconds', 'Generator health: actual minus intended send, p99 over the last interval.', snapshot.health.latenessP99 / 1000],
		['loadscope_process_cpu_cores', 'CPU of the loadscope process over the last interval, in cores.', snapshot.health.processCpu],
	];
	for (const [name, help, value] of gauges) {
		out.family(name, 'gauge', help);
		out.sample(name, {}, value);
	}

	out.family('loadscope_worker_utilization', 'gauge', 'Generator health: event-loop utilisation of each worker thread, 0..1.');
	for (const worker of snapshot.health.workers) {
		out.sample('loadscope_worker_utilization', {worker: String(worker.workerId)}, worker.utilization);
	}

	if (snapshot.delivery) {
		out.family('loadscope_delivery_ratio', 'gauge', 'Multicast: (delivered + late) / targets, 0..1.');
		out.sample('loadscope_delivery_ratio', {}, snapshot.delivery.ratio);
		out.family('loadscope_delivery_targets_total', 'counter', 'Multicast recipients targeted.');
		out.sample('loadscope_delivery_targets_total', {}, snapshot.delivery.targets);
		out.family('loadscope_delivery_delivered_total', 'counter', 'Multicast deliveries received within the delivery timeout.');
		out.sample('loadscope_delivery_delivered_total', {}, snapshot.delivery.delivered);
	}

	return out.text();
}

export type MetricsServer = {readonly port: number; close(): Promise<void>};

/** Serve /metrics on 127.0.0.1:port (0 = any free port) until closed. */
export async function startMetricsServer(handle: RunHandle, port: number): Promise<MetricsServer> {
	const histograms = new Map<string, Cumulative>();
	const unsubscribe = handle.onInterval(interval => {
		for (const [name, op] of interval.ops) {
			let cumulative = histograms.get(name);
			if (!cumulative) {
				cumulative = {latency: createHistogram(), service: createHistogram()};
				histograms.set(name, cumulative);
			}

			cumulative.latency.add(op.latency);
			cumulative.service.add(op.service);
		}
	});
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			response.writeHead(405, {allow: 'GET, HEAD'}).end();
		} else if (url.pathname === '/metrics') {
			response.writeHead(200, {'content-type': 'text/plain; version=0.0.4; charset=utf-8'}).end(renderMetrics(handle.latest(), histograms));
		} else {
			response.writeHead(404, {'content-type': 'text/plain'}).end('loadscope serves /metrics\n');
		}
	});
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		unsubscribe();
		throw error;
	}

	return {
		port: (server.address() as AddressInfo).port,
		async close() {
			unsubscribe();
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
