/** The headless progress line, one every --report-interval: what a CI log shows while a run goes. */
import type {RunSnapshot} from '../engine/snapshot.js';
import {connectionStates, formatConnection} from '../metrics/connections.js';
import {formatMs, formatRate} from './format.js';

export function formatProgress(snapshot: RunSnapshot): string {
	const {window, interval} = snapshot;
	const seconds = Math.round(snapshot.elapsedMs / 1000);
	const parts = [
		`[${String(seconds).padStart(3)}s]`,
		`Total: ${window.completed}`,
		`target ${formatRate(snapshot.control.targetRate)}`,
		`achieved ${formatRate(interval.achievedRate)}`,
		`completed ${formatRate(interval.completedRate)}`,
		`p99 ${formatMs(interval.all.latency.p99)}`,
		`in-flight ${snapshot.inFlight}`,
	];
	if (snapshot.backlog > 0) {
		parts.push(`backlog ${snapshot.backlog}`);
	}

	if (window.errors > 0) {
		parts.push(`errors ${window.errors}`);
	}

	if (snapshot.stage) {
		parts.push(`stage ${snapshot.stage.name}`);
	}

	if (snapshot.knee) {
		parts.push(`knee ${formatRate(snapshot.knee.rate)}`);
	}

	if (snapshot.delivery) {
		parts.push(`delivery ${(snapshot.delivery.ratio * 100).toFixed(1)}%`);
	}

	const mix = window.ops.length > 1 ? ` | ${window.ops.map(op => `${op.name}: ${op.count}`).join(', ')}` : '';
	const bottleneck = snapshot.health.bottleneck ? ` | generator: ${snapshot.health.bottleneck}` : '';
	// Only a connection that is not fully up earns room on a CI log line.
	const lost = connectionStates(snapshot.gauges, snapshot.counters).filter(state => state.upShare < 0.999);
	const connections = lost.length > 0 ? ` | ${lost.map(state => formatConnection(state)).join(', ')}` : '';
	return `${parts.join('  ')}${mix}${bottleneck}${connections}`;
}
