/**
 * The live view: a pure component over a run. It renders the run's snapshots and turns keys into
 * commands; it never touches the engine otherwise (the engine runs in worker threads).
 */
import {Box, Text, useInput, useStdin} from 'ink';
import {useRef, useState, type ReactNode} from 'react';
import type {OutputPlan} from './engine/plan.js';
import type {RunHandle} from './engine/run-handle.js';
import type {RunSnapshot} from './engine/snapshot.js';
import {anyConnectionDown, connectionStates} from './metrics/connections.js';
import {useSnapshot} from './ui/hooks/use-snapshot.js';
import {useTerminalSize, type TerminalSize} from './ui/hooks/use-terminal-size.js';
import {actionForKey, quitCommand, type KeySettings} from './ui/keymap.js';
import {planLayout, type PaneId} from './ui/layout.js';
import {DeliveryPane} from './ui/panes/delivery.js';
import {ErrorsPane} from './ui/panes/errors.js';
import {Header} from './ui/panes/header.js';
import {HealthPane} from './ui/panes/health.js';
import {Help, helpRows} from './ui/panes/help.js';
import {HistogramPane, type HistogramMode} from './ui/panes/histogram.js';
import {LatencyPane, latencyRows} from './ui/panes/latency.js';
import {RatePane} from './ui/panes/rate.js';
import {StagesPane} from './ui/panes/stages.js';
import {StatusBar} from './ui/panes/status-bar.js';
import {ThresholdsPane} from './ui/panes/thresholds.js';
import {recentPoints} from './ui/series.js';

/** Seconds of recent errors that keep the Errors pane in view on a small terminal. */
const recentErrorSeconds = 10;
/** How long the Generator pane stays in view after the generator or a connection was last in trouble. */
const healthHoldMs = 10_000;

/** The generator or a connection in trouble now. */
function healthAlarm(snapshot: RunSnapshot): boolean {
	return snapshot.health.bottleneck !== undefined || anyConnectionDown(connectionStates(snapshot.gauges, snapshot.counters));
}

/**
 * Panes that must stay in view on a small terminal: Generator for 10 s after the generator or a
 * connection was last in trouble, Errors while errors happened in the last 10 s — held, so the
 * layout does not flicker when a flag comes and goes from one snapshot to the next.
 */
function urgentPanes(snapshot: RunSnapshot, healthAlarmMs: number | undefined): Array<'health' | 'errors'> {
	return [
		...(healthAlarmMs !== undefined && snapshot.elapsedMs - healthAlarmMs < healthHoldMs ? (['health'] as const) : []),
		...(recentPoints(snapshot.series, recentErrorSeconds).some(point => point.errors > 0) ? (['errors'] as const) : []),
	];
}

/** The plan is optional: the header names its profile when there is one. */
export type AppHandle = Pick<RunHandle, 'send' | 'onSnapshot' | 'latest'> & Partial<Pick<RunHandle, 'plan'>>;

export type AppProps = {
	readonly handle: AppHandle;
	readonly output: KeySettings & Partial<OutputPlan>;
	/** Fixed size (tests); otherwise the terminal's, following resizes. */
	readonly size?: TerminalSize;
	/** Called on each Ctrl-C (raw mode turns it into a key, not SIGINT): two of them exit 130. */
	readonly onInterrupt?: () => void;
};

function Keys({onKey}: {readonly onKey: Parameters<typeof useInput>[0]}) {
	useInput(onKey);
	return null;
}

export function App({handle, output, size, onInterrupt}: AppProps) {
	const snapshot = useSnapshot(handle);
	const terminal = useTerminalSize();
	const {columns, rows} = size ?? terminal;
	const {isRawModeSupported} = useStdin();
	const [operationIndex, setOperationIndex] = useState(0);
	const [mode, setMode] = useState<HistogramMode>('window');
	const [help, setHelp] = useState(false);
	const [quitting, setQuitting] = useState(0);
	const quitPresses = useRef(0);
	/** Elapsed ms of the last snapshot whose generator or connections were in trouble. */
	const lastHealthAlarm = useRef<number | undefined>(undefined);
	const operations = snapshot ? Object.keys(snapshot.distribution) : [];

	const onKey: Parameters<typeof useInput>[0] = (input, key) => {
		const action = actionForKey(input, key, output);
		switch (action?.kind) {
			case 'command': {
				handle.send(action.command);
				break;
			}

			case 'quit': {
				quitPresses.current++;
				setQuitting(quitPresses.current);
				handle.send(quitCommand(quitPresses.current, action.interrupt ? 'interrupted' : 'stopped'));
				if (action.interrupt) {
					onInterrupt?.();
				}

				break;
			}

			case 'next-operation': {
				setOperationIndex(index => index + 1);
				break;
			}

			case 'toggle-cumulative': {
				setMode(current => (current === 'window' ? 'interval' : 'window'));
				break;
			}

			case 'toggle-help': {
				setHelp(current => !current);
				break;
			}

			case 'close-help': {
				setHelp(false);
				break;
			}

			case undefined: {
				break;
			}
		}
	};

	const keys = isRawModeSupported ? <Keys onKey={onKey} /> : null;
	if (!snapshot) {
		return (
			<Box flexDirection="column">
				{keys}
				<Text>loadscope: starting…</Text>
			</Box>
		);
	}

	const operation = operations.length > 0 ? operations[operationIndex % operations.length] : undefined;
	if (healthAlarm(snapshot)) {
		lastHealthAlarm.current = snapshot.elapsedMs;
	}

	const bands = planLayout({
		columns,
		rows,
		latencyRows: latencyRows(snapshot).length,
		thresholds: snapshot.thresholds.length,
		stages: snapshot.stages.length,
		hasDelivery: snapshot.delivery !== undefined,
		help,
		helpRows,
		urgent: urgentPanes(snapshot, lastHealthAlarm.current),
	});
	const profile = handle.plan?.profile?.split(/[/\\]/).at(-1);
	const note = quitting === 1 && snapshot.state !== 'done' ? 'stopping: draining… q again to stop at once' : quitting > 1 ? 'stopping at once…' : undefined;
	const pane = (id: PaneId, width: number, height: number): ReactNode => {
		const props = {snapshot, width, height};
		switch (id) {
			case 'header': {
				return <Header {...props} profile={profile} />;
			}

			case 'rate': {
				return <RatePane {...props} />;
			}

			case 'histogram': {
				return <HistogramPane {...props} operation={operation} mode={mode} />;
			}

			case 'latency': {
				return <LatencyPane {...props} />;
			}

			case 'thresholds': {
				return <ThresholdsPane {...props} />;
			}

			case 'delivery': {
				return <DeliveryPane {...props} />;
			}

			case 'health': {
				return <HealthPane {...props} />;
			}

			case 'errors': {
				return <ErrorsPane {...props} />;
			}

			case 'stages': {
				return <StagesPane {...props} />;
			}

			case 'status': {
				return <StatusBar width={width} note={note} />;
			}

			case 'help': {
				return <Help width={width} height={height} />;
			}
		}
	};

	return (
		<Box flexDirection="column" width={columns}>
			{keys}
			{bands.map(band => (
				<Box key={band.panes.map(placed => placed.id).join('+')} flexDirection="row" height={band.height}>
					{band.panes.map((placed, index) => {
						// A gap of one column between side-by-side panes.
						const width = index < band.panes.length - 1 ? placed.width - 1 : placed.width;
						return (
							<Box key={placed.id} width={placed.width} height={band.height}>
								{pane(placed.id, width, band.height)}
							</Box>
						);
					})}
				</Box>
			))}
		</Box>
	);
}

