import {Text} from 'ink';
import type {Bucket, RunSnapshot} from '../../engine/snapshot.js';
import {formatMs} from '../../report/format.js';
import {Line, Pane, Title} from '../pane.js';
import {bar, cut, right} from '../text.js';

export type HistogramMode = 'window' | 'interval';

/** Drop empty buckets at both ends, then merge neighbours until at most `rows` remain. */
export function fitBuckets(buckets: readonly Bucket[], rows: number): Bucket[] {
	let first = 0;
	let last = buckets.length - 1;
	while (first <= last && buckets[first]!.count === 0) {
		first++;
	}

	while (last >= first && buckets[last]!.count === 0) {
		last--;
	}

	const trimmed = buckets.slice(first, last + 1);
	if (rows <= 0 || trimmed.length <= rows) {
		return rows <= 0 ? [] : trimmed;
	}

	const group = Math.ceil(trimmed.length / rows);
	const merged: Bucket[] = [];
	for (let index = 0; index < trimmed.length; index += group) {
		const slice = trimmed.slice(index, index + group);
		merged.push({le: slice.at(-1)!.le, count: slice.reduce((sum, bucket) => sum + bucket.count, 0)});
	}

	return merged;
}

/** Latency distribution (corrected) of one operation: window (since start or reset) or the last interval. */
export function HistogramPane({snapshot, width, height, operation, mode}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number; readonly operation: string | undefined; readonly mode: HistogramMode}) {
	const names = Object.keys(snapshot.distribution);
	const source = operation === undefined ? undefined : snapshot.distribution[operation];
	const buckets = fitBuckets(source?.[mode] ?? [], height - 1);
	const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
	const peak = Math.max(1, ...buckets.map(bucket => bucket.count));
	const countWidth = Math.max(5, String(peak).length + 1);
	const labelWidth = 9;
	const barWidth = Math.max(1, width - labelWidth - countWidth - 2);
	const which = mode === 'window' ? 'window' : 'interval';
	const position = names.length > 1 && operation !== undefined ? ` ${names.indexOf(operation) + 1}/${names.length}` : '';
	return (
		<Pane width={width} height={height}>
			<Title name="Histogram" detail={cut(`${operation ?? '-'}${position}, ${which}, n=${total}`, Math.max(0, width - 11))} />
			{buckets.length === 0 ? <Line dimColor>no samples yet</Line> : undefined}
			{buckets.map(bucket => (
				<Text key={bucket.le} wrap="truncate-end">
					<Text dimColor>{right(`≤${formatMs(bucket.le)}`, labelWidth)}</Text>
					<Text color="magenta">{` ${bar(bucket.count / peak, barWidth)}`}</Text>
					<Text>{right(String(bucket.count), countWidth)}</Text>
				</Text>
			))}
		</Pane>
	);
}
