import {Text} from 'ink';
import type {OperationStats, RunSnapshot} from '../../engine/snapshot.js';
import {formatMs, formatRate} from '../../report/format.js';
import {Pane, Title} from '../pane.js';
import {recentPoints, resample} from '../series.js';
import {cut, fit, right, sparkline} from '../text.js';
import {chartSeconds} from './rate.js';

const nameWidth = 14;
const cell = 8;

/** Rows of the table: every operation, plus 'all' when there are several. */
export function latencyRows(snapshot: RunSnapshot): OperationStats[] {
	const ops = [...snapshot.interval.ops];
	return ops.length > 1 ? [...ops, snapshot.interval.all] : ops;
}

function ms(value: number, count: number): string {
	return count > 0 ? formatMs(value) : '-';
}

/** The p99 of one operation (or of the busiest one for 'all') per interval, last minute. */
function p99Trend(snapshot: RunSnapshot, name: string, width: number): string {
	const points = recentPoints(snapshot.series, chartSeconds);
	const values = points.map(point => {
		if (name === 'all') {
			return Math.max(0, ...Object.values(point.ops).map(op => op.p99));
		}

		const op = point.ops[name];
		return op && op.count > 0 ? op.p99 : Number.NaN;
	});
	return sparkline(resample(values, width), width, {min: 0});
}

/**
 * One row per operation: corrected latency (from the intended start, what users feel) p50 / p99
 * / p99.9 over the last interval, service time (from the actual send) p50 / p99 in blue, and a
 * sparkline of corrected p99 over the last minute.
 */
export function LatencyPane({snapshot, width, height}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number}) {
	const rows = latencyRows(snapshot).slice(0, Math.max(0, height - 2));
	const fixed = nameWidth + cell * 6 + 4;
	const trendWidth = Math.max(0, width - fixed);
	const heading = `${fit('operation', nameWidth)}${right('rate', cell)}${right('p50', cell)}${right('p99', cell)}${right('p99.9', cell)} │${right('svc p50', cell)}${right('svc p99', cell)} │ `;
	return (
		<Pane width={width} height={height}>
			<Title name="Latency" detail="corrected (from intended start) vs service time (from send), last interval" />
			<Text wrap="truncate-end" dimColor>
				{cut(`${heading}${trendWidth > 8 ? 'p99 trend' : ''}`, width)}
			</Text>
			{rows.map(op => (
				<Text key={op.name} wrap="truncate-end">
					<Text bold>{fit(op.name, nameWidth)}</Text>
					<Text>{right(formatRate(op.rate), cell)}</Text>
					<Text>{`${right(ms(op.latency.p50, op.count), cell)}${right(ms(op.latency.p99, op.count), cell)}${right(ms(op.latency.p999, op.count), cell)}`}</Text>
					<Text dimColor>{' │'}</Text>
					<Text color="blue">{`${right(ms(op.service.p50, op.count), cell)}${right(ms(op.service.p99, op.count), cell)}`}</Text>
					<Text dimColor>{' │ '}</Text>
					<Text color="yellow">{p99Trend(snapshot, op.name, trendWidth)}</Text>
				</Text>
			))}
		</Pane>
	);
}
