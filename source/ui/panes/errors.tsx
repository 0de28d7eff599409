import {Text} from 'ink';
import type {RunSnapshot} from '../../engine/snapshot.js';
import {formatClock, formatPercent} from '../../report/format.js';
import {Line, Pane, Title} from '../pane.js';
import {cut} from '../text.js';

/** Error counts by kind (whole run) and the latest distinct messages. */
export function ErrorsPane({snapshot, width, height}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number}) {
	const kinds = Object.entries(snapshot.errors.byKind).sort((a, b) => b[1] - a[1]);
	const total = kinds.reduce((sum, [, count]) => sum + count, 0);
	const detail = total === 0 ? 'none' : `${total} (${formatPercent(snapshot.total.errorRate)}): ${kinds.map(([kind, count]) => `${kind} ${count}`).join(', ')}`;
	const recent = snapshot.errors.recent.slice(0, Math.max(0, height - 1));
	return (
		<Pane width={width} height={height}>
			<Title name="Errors" detail={cut(detail, Math.max(0, width - 8))} color={total > 0 ? 'red' : 'cyan'} />
			{recent.map(sample => (
				<Text key={`${sample.kind}:${sample.message}`} wrap="truncate-end">
					<Text dimColor>{` ${formatClock(sample.lastSeenMs)} `}</Text>
					<Text color="red">{sample.kind}</Text>
					<Text>{cut(` ×${sample.count} ${sample.message.replaceAll(/\s+/g, ' ')}`, Math.max(0, width - sample.kind.length - 7))}</Text>
				</Text>
			))}
			{recent.length === 0 && total === 0 ? <Line dimColor> no errors so far</Line> : undefined}
		</Pane>
	);
}
