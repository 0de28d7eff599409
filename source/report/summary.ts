/**
 * The final summary, printed by headless runs and below the TUI when it exits, and again by
 * `loadscope report`. Follows the reference memo's layout (overall mix, then one block per
 * operation, then multicast delivery), with exact HDR percentiles and both latencies.
 */
import type {RunResult} from '../engine/run-handle.js';
import type {LatencySummary, OperationStats, StageStats} from '../engine/snapshot.js';
import {shapeAsWritten} from '../load/index.js';
import {readKneeOptions} from '../load/knee.js';
import type {ShapeSpec} from '../load/shape.js';
import {formatMs, formatPercent, formatRate} from './format.js';

const rule = '='.repeat(64);

function line(label: string, value: string): string {
	return `  ${`${label}:`.padEnd(18)}${value}`;
}

function percentiles(summary: LatencySummary): string {
	return [
		`min ${formatMs(summary.min)}`,
		`avg ${formatMs(summary.mean)}`,
		`p50 ${formatMs(summary.p50)}`,
		`p90 ${formatMs(summary.p90)}`,
		`p95 ${formatMs(summary.p95)}`,
		`p99 ${formatMs(summary.p99)}`,
		`p99.9 ${formatMs(summary.p999)}`,
		`max ${formatMs(summary.max)}`,
	].join('  ');
}

/** A knee search that ended without a knee: how far it got, so the user knows what to widen. */
function kneeNotFound(load: ShapeSpec, stages: readonly StageStats[], endReason: string): string {
	const highest = Math.max(0, ...stages.map(stage => stage.targetRate));
	const {maxRate} = readKneeOptions(shapeAsWritten(load));
	return highest >= maxRate
		? `none up to max-rate ${formatRate(maxRate)}: no level crossed the knee criteria; raise load.max-rate`
		: `not found: no level up to ${formatRate(highest)} crossed the knee criteria before the search ended (${endReason}); give it more max-time or -d`;
}

function titleCase(name: string): string {
	return name.length === 0 ? name : name[0]!.toUpperCase() + name.slice(1);
}

function operationBlock(op: OperationStats, seconds: number): string[] {
	const lines = [
		`${titleCase(op.name)} Operations:`,
		line('Total Requests', String(op.count)),
		line('Successful', `${op.ok} (${formatPercent(op.count > 0 ? op.ok / op.count : 0)})`),
		line('Failed', String(op.errors)),
		line('Throughput', formatRate(seconds > 0 ? op.count / seconds : 0)),
	];
	if (op.messages > 0) {
		lines.push(line('Stream messages', `${op.messages} (${formatRate(seconds > 0 ? op.messages / seconds : 0)})`));
	}

	if (op.count > 0) {
		lines.push(
			line('Latency', percentiles(op.latency)),
			line('Service time', percentiles(op.service)),
			line('Queueing gap p99', `${formatMs(Math.max(0, op.latency.p99 - op.service.p99))} (corrected p99 - service p99)`),
		);
	}

	const kinds = Object.entries(op.errorsByKind).sort((a, b) => b[1] - a[1]);
	if (kinds.length > 0) {
		lines.push(line('Errors by kind', kinds.map(([kind, count]) => `${kind} ${count}`).join(', ')));
	}

	return lines;
}

export function formatSummary(result: RunResult): string {
	const {final, plan} = result;
	const {total} = final;
	const seconds = total.activeSeconds;
	const out: string[] = [
		'',
		rule,
		`${titleCase(plan.name)} Load Test Results — loadscope ${result.tool.version}`,
		rule,
		'',
		line('Target', final.target),
		line('Duration', `${seconds.toFixed(1)} s active, ${(final.elapsedMs / 1000).toFixed(1)} s wall, ended by ${result.endReason}`),
		line('Rate', `target ${formatRate(final.control.targetRate)}, offered ${formatRate(total.offeredRate)}, achieved ${formatRate(total.achievedRate)}, completed ${formatRate(total.completedRate)}`),
		'',
		'Overall:',
		line('Total Operations', String(total.completed)),
	];
	for (const op of total.ops) {
		if (total.ops.length > 1) {
			out.push(line(titleCase(op.name), `${op.count} (${formatPercent(total.completed > 0 ? op.count / total.completed : 0, 1)})`));
		}
	}

	out.push(
		line('Successful', `${total.ok} (${formatPercent(total.completed > 0 ? total.ok / total.completed : 0)})`),
		line('Failed', String(total.errors)),
		line('Accounting', `dispatched ${total.dispatched} = ok ${total.ok} + failed ${total.errors} + cancelled at stop ${total.cancelled}; not sent ${total.dropped}`),
	);
	if (total.ops.length > 1 && total.all.count > 0) {
		out.push(line('Latency (all)', percentiles(total.all.latency)));
	}

	for (const op of total.ops) {
		out.push('', ...operationBlock(op, seconds));
	}

	const {delivery} = final;
	if (delivery) {
		const share = (value: number) => `${value} (${formatPercent(delivery.targets > 0 ? value / delivery.targets : 0)})`;
		out.push(
			'',
			'Multicast Delivery (measured at subscribers):',
			line('Total Targets', String(delivery.targets)),
			line('Delivered', share(delivery.delivered)),
			line('Late', share(delivery.late)),
			line('Failed', share(delivery.failed)),
			line('Missing', share(delivery.missing)),
			line('Delivery ratio', formatPercent(delivery.ratio)),
		);
		if (delivery.latency.count > 0) {
			out.push(line('Delivery latency', percentiles(delivery.latency)));
		}
	}

	if (final.stages.length > 0) {
		const {knee} = final;
		const isKnee = (stage: StageStats) => knee !== undefined && knee.atMs >= stage.startMs && knee.atMs < stage.endMs;
		out.push(
			'',
			'Stages (latency vs throughput):',
			`  ${'stage'.padEnd(14)}${'target'.padStart(9)}${'offered'.padStart(9)}${'achieved'.padStart(10)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'p99.9'.padStart(9)}${'errors'.padStart(9)}`,
		);
		for (const stage of final.stages) {
			out.push(
				`  ${stage.name.slice(0, 13).padEnd(14)}${formatRate(stage.targetRate).padStart(9)}${formatRate(stage.offeredRate).padStart(9)}${formatRate(stage.achievedRate).padStart(10)}${formatMs(stage.latency.p50).padStart(9)}${formatMs(stage.latency.p99).padStart(9)}${formatMs(stage.latency.p999).padStart(9)}${formatPercent(stage.errorRate, 1).padStart(9)}${isKnee(stage) ? '  ◆ knee' : ''}`,
			);
		}
	}

	if (final.knee) {
		out.push('', line('Knee', `${formatRate(final.knee.rate)} — ${final.knee.reason}`));
	} else if (plan.load.type === 'knee') {
		out.push('', line('Knee', kneeNotFound(plan.load, final.stages, result.endReason)));
	}

	if (final.marks.length > 0) {
		out.push('', 'Marks:', ...final.marks.map(mark => `  ${(mark.atMs / 1000).toFixed(1)} s  ${mark.label}`));
	}

	if (final.thresholds.length > 0) {
		out.push('', 'Thresholds:');
		for (const threshold of final.thresholds) {
			const verdict = threshold.ok === undefined ? 'no data' : threshold.ok ? 'pass' : 'FAIL';
			out.push(`  ${verdict.padEnd(8)}${threshold.expression}${threshold.observed === undefined ? '' : `  (observed ${Number(threshold.observed.toPrecision(4))})`}`);
		}
	}

	const running = final.series.filter(point => point.state !== 'draining' && point.state !== 'done');
	const busiest = Math.max(0, ...running.map(point => point.utilization ?? 0));
	const lateness = Math.max(0, ...running.map(point => point.latenessP99));
	out.push(
		'',
		line('Generator', `${plan.engine.workers} workers, busiest at peak ${formatPercent(busiest, 0)}, dispatch lateness p99 at worst ${formatMs(lateness)}`),
	);
	if (result.failure) {
		out.push(line('Problem', result.failure));
	}

	out.push('', rule, '');
	return out.join('\n');
}
