import {Text} from 'ink';
import type {RunSnapshot} from '../../engine/snapshot.js';
import {Pane, Title} from '../pane.js';
import {cut} from '../text.js';

/** Live pass / fail / pending of each threshold. */
export function ThresholdsPane({snapshot, width, height}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number}) {
	const passed = snapshot.thresholds.filter(threshold => threshold.ok === true).length;
	const failed = snapshot.thresholds.filter(threshold => threshold.ok === false).length;
	return (
		<Pane width={width} height={height}>
			<Title name="Thresholds" detail={`${passed} pass, ${failed} fail`} color={failed > 0 ? 'red' : 'cyan'} />
			{snapshot.thresholds.slice(0, Math.max(0, height - 1)).map(threshold => {
				const verdict = threshold.ok === undefined ? 'pending' : threshold.ok ? 'pass' : 'FAIL';
				const color = threshold.ok === undefined ? 'gray' : threshold.ok ? 'green' : 'red';
				const observed = threshold.observed === undefined ? '' : `  (observed ${Number(threshold.observed.toPrecision(4))})`;
				return (
					<Text key={threshold.expression} wrap="truncate-end">
						<Text bold color={color}>{` ${verdict.padEnd(8)}`}</Text>
						<Text>{cut(`${threshold.expression}${observed}`, Math.max(0, width - 9))}</Text>
					</Text>
				);
			})}
		</Pane>
	);
}
