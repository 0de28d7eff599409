import asciichart from 'asciichart';
import {Text} from 'ink';
import type {RunSnapshot} from '../../engine/snapshot.js';
import {formatPercent, formatRate} from '../../report/format.js';
import {Line, Pane} from '../pane.js';
import {recentPoints, resample} from '../series.js';
import {cut} from '../text.js';

export const chartSeconds = 60;
const labelWidth = 7;

/** A compact axis number: 950, 1.2k, 12k, 1.2M. */
export function compactNumber(value: number): string {
	const magnitude = Math.abs(value);
	if (magnitude >= 1e6) {
		return `${(value / 1e6).toFixed(magnitude >= 1e7 ? 0 : 1)}M`;
	}

	if (magnitude >= 1e3) {
		return `${(value / 1e3).toFixed(magnitude >= 1e4 ? 0 : 1)}k`;
	}

	// The axis computes its labels in floating point: the zero row can come out as -1e-14.
	if (magnitude < 0.05) {
		return '0';
	}

	return magnitude >= 10 ? value.toFixed(0) : value.toFixed(1);
}

const lines = [
	{name: 'target', color: asciichart.darkgray, ink: 'gray'},
	{name: 'achieved', color: asciichart.green, ink: 'green'},
	{name: 'completed', color: asciichart.cyan, ink: 'cyan'},
] as const;

/**
 * The chart's lines: target, achieved and completed rate over the last minute, cut to `rows` lines.
 * The y axis starts at 0, so a steady rate is a flat line near the top, not 1% of noise zoomed to
 * the full height.
 */
export function rateChart(snapshot: RunSnapshot, width: number, rows: number): string[] {
	const points = recentPoints(snapshot.series, chartSeconds);
	const columns = width - labelWidth - 2;
	if (points.length < 2 || columns < 2 || rows < 2) {
		return [points.length < 2 ? 'waiting for data…' : ''];
	}

	const target = points.map(point => point.targetRate);
	const series = [
		target.every(value => Number.isFinite(value)) ? resample(target, columns) : [],
		resample(points.map(point => point.achievedRate), columns),
		resample(points.map(point => point.completedRate), columns),
	];
	const shown = series.map((values, index) => ({values, color: lines[index]!.color})).filter(entry => entry.values.length > 0);
	const chart = asciichart.plot(
		shown.map(entry => entry.values),
		{
			height: rows - 1,
			min: 0,
			offset: 2,
			colors: shown.map(entry => entry.color),
			format: (value: number) => compactNumber(value).padStart(labelWidth),
		},
	);
	return chart.split('\n').slice(0, rows);
}

/**
 * The numbers line, fitted to `width`: double spaces, then single, then completed, backlog and
 * in-flight dropped in that order, so target, achieved and the error rate stay readable.
 */
export function rateNumbers(snapshot: RunSnapshot, width: number): string {
	const parts = [
		{text: `target ${formatRate(snapshot.control.targetRate)}`, drop: 0},
		{text: `achieved ${formatRate(snapshot.interval.achievedRate)}`, drop: 0},
		{text: `completed ${formatRate(snapshot.interval.completedRate)}`, drop: 1},
		{text: `in-flight ${snapshot.inFlight}`, drop: 3},
		{text: `backlog ${snapshot.backlog}`, drop: 2},
		{text: `errors ${formatPercent(snapshot.interval.errorRate)}`, drop: 0},
	];
	const keep = (dropped: number) => parts.filter(part => part.drop === 0 || part.drop > dropped).map(part => part.text);
	const candidates = [keep(0).join('  '), ...[0, 1, 2, 3].map(dropped => keep(dropped).join(' '))];
	return candidates.find(text => [...text].length <= width) ?? cut(candidates.at(-1)!, width);
}

export function RatePane({snapshot, width, height}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number}) {
	const chartRows = Math.max(0, height - 2);
	const chart = rateChart(snapshot, width, chartRows);
	const numbers = rateNumbers(snapshot, width);
	return (
		<Pane width={width} height={height}>
			<Text wrap="truncate-end">
				<Text bold color="cyan">
					Rate
				</Text>
				<Text dimColor>{` req/s, last ${chartSeconds} s `}</Text>
				{lines.map(line => (
					<Text key={line.name} color={line.ink}>{` ━ ${line.name}`}</Text>
				))}
			</Text>
			{chart.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end">
					{line}
				</Text>
			))}
			<Line>{cut(numbers, width)}</Line>
		</Pane>
	);
}
