import type {RunSnapshot} from '../../engine/snapshot.js';
import {anyConnectionDown, connectionStates, formatConnection} from '../../metrics/connections.js';
import {formatMs, formatPercent} from '../../report/format.js';
import {Line, Pane, Title} from '../pane.js';
import {cut} from '../text.js';

/**
 * Is the load generator keeping up? Worker CPU, event-loop delay, dispatch lateness, process CPU —
 * and are its connections to the target up (a lost Redis or NATS shows here, in red, at once).
 */
export function HealthPane({snapshot, width, height}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number}) {
	const {health} = snapshot;
	const workers = health.workers.map(worker => (worker.alive ? formatPercent(worker.utilization, 0) : 'dead')).join(' ');
	const loopDelay = Math.max(0, ...health.workers.map(worker => worker.eventLoopDelayP99));
	const first = `worker cpu ${workers}  loop delay p99 ${formatMs(loopDelay)}  main loop p99 ${formatMs(health.mainEventLoopDelayP99)}`;
	const second = `dispatch lateness p99 ${formatMs(health.latenessP99)} max ${formatMs(health.latenessMax)}  process cpu ${health.processCpu.toFixed(2)} cores`;
	const warn = health.bottleneck !== undefined;
	const connections = connectionStates(snapshot.gauges, snapshot.counters);
	const down = anyConnectionDown(connections);
	const status = [warn ? `BOTTLENECK: ${health.bottleneck}` : 'keeping up', ...connections.map(state => formatConnection(state))].join(' · ');
	return (
		<Pane width={width} height={height}>
			<Title name="Generator" detail={cut(status, Math.max(0, width - 11))} color={warn || down ? 'red' : 'cyan'} />
			<Line color={warn ? 'yellow' : undefined}>{cut(first, width)}</Line>
			<Line color={warn ? 'yellow' : undefined}>{cut(second, width)}</Line>
		</Pane>
	);
}
