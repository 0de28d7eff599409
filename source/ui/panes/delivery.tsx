import {Text} from 'ink';
import type {RunSnapshot} from '../../engine/snapshot.js';
import {formatMs, formatPercent} from '../../report/format.js';
import {Line, Pane, Title} from '../pane.js';
import {recentPoints, resample} from '../series.js';
import {cut, sparkline} from '../text.js';
import {chartSeconds} from './rate.js';

/** Multicast delivery measured at the subscribers, or a note when the workload has none. */
export function DeliveryPane({snapshot, width, height}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number}) {
	const {delivery} = snapshot;
	if (!delivery) {
		return (
			<Pane width={width} height={height}>
				<Text wrap="truncate-end">
					<Text bold color="cyan">
						Multicast delivery
					</Text>
					<Text dimColor>{cut('  no multicast in this workload', Math.max(0, width - 18))}</Text>
				</Text>
			</Pane>
		);
	}

	const ratio = `${delivery.delivered + delivery.late}/${delivery.targets} (${formatPercent(delivery.ratio, 1)})`;
	const counts = `delivered ${ratio}  late ${delivery.late}  failed ${delivery.failed}  missing ${delivery.missing}`;
	const latency = delivery.latency.count > 0 ? `latency p50 ${formatMs(delivery.latency.p50)} p99 ${formatMs(delivery.latency.p99)} p99.9 ${formatMs(delivery.latency.p999)}` : 'latency -';
	const ratios = recentPoints(snapshot.series, chartSeconds).map(point => point.deliveryRatio ?? Number.NaN);
	// From 90% (or the lowest ratio seen) to 100%: a steady 100% is a full bar, a 1% dip shows.
	const floor = Math.min(0.9, ...ratios.filter(value => Number.isFinite(value)));
	const trendWidth = Math.max(0, width - latency.length - 10);
	const healthy = delivery.ratio >= 0.999;
	return (
		<Pane width={width} height={height}>
			<Title name="Multicast delivery" detail="measured at subscribers" />
			<Line color={healthy ? undefined : delivery.ratio >= 0.99 ? 'yellow' : 'red'}>{cut(counts, width)}</Line>
			<Text wrap="truncate-end">
				<Text>{latency}</Text>
				<Text dimColor>{trendWidth > 4 ? '  ratio ' : ''}</Text>
				<Text color="green">{trendWidth > 4 ? sparkline(resample(ratios, trendWidth), trendWidth, {min: floor, max: 1}) : ''}</Text>
			</Text>
		</Pane>
	);
}
