import {Text} from 'ink';
import type {RunSnapshot, RunState} from '../../engine/snapshot.js';
import {formatClock, formatRate} from '../../report/format.js';
import {Line, Pane} from '../pane.js';
import {cut} from '../text.js';

const stateColors: Record<RunState, string> = {
	starting: 'gray',
	running: 'green',
	paused: 'yellow',
	holding: 'cyan',
	spiking: 'magenta',
	draining: 'yellow',
	done: 'gray',
};

/**
 * What is in effect for the rate, and where it comes from: the target, then what the live keys
 * changed (spike, pause, manual scale / offset / hold) over the profile's or shape's own rate,
 * e.g. `rate 120/s (manual +20.0/s; profile step-ramp.yaml 100/s)`.
 */
export function describeControl(snapshot: RunSnapshot, profile?: string): string {
	const {control, elapsedMs} = snapshot;
	const origin = profile === undefined ? 'shape' : `profile ${profile}`;
	const manual: string[] = [];
	if (Math.abs(control.scale - 1) > 1e-9) {
		manual.push(`×${control.scale.toFixed(2)}`);
	}

	if (control.offset !== 0) {
		manual.push(`${control.offset > 0 ? '+' : '−'}${formatRate(Math.abs(control.offset))}`);
	}

	if (control.held) {
		manual.push('held');
	}

	const changes: string[] = [];
	if (control.paused) {
		changes.push('paused');
	}

	if (control.spike) {
		changes.push(`spike for ${Math.max(0, (control.spike.untilMs - elapsedMs) / 1000).toFixed(1)}s`);
	}

	if (manual.length > 0) {
		changes.push(`manual ${manual.join(' ')}`);
	}

	const target = `rate ${formatRate(control.targetRate)}`;
	return changes.length === 0 ? `${target} (${origin})` : `${target} (${changes.join(', ')}; ${origin} ${formatRate(control.shapeRate)})`;
}

export function Header({snapshot, width, height, profile}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number; readonly profile?: string}) {
	const stage = snapshot.stage ? `stage ${snapshot.stage.index + 1} ${snapshot.stage.name}` : '';
	const remaining = snapshot.remainingMs === undefined ? 'until stopped' : `remaining ${formatClock(snapshot.remainingMs)}`;
	const lastMark = snapshot.marks.at(-1);
	const marks = lastMark ? `marks ${snapshot.marks.length} (last ${lastMark.label} at ${formatClock(lastMark.atMs)})` : '';
	const times = [stage, `elapsed ${formatClock(snapshot.elapsedMs)}`, remaining, marks].filter(Boolean).join('  ');
	const state = snapshot.state.toUpperCase();
	return (
		<Pane width={width} height={height}>
			<Text wrap="truncate-end">
				<Text bold color="cyan">
					loadscope
				</Text>
				<Text>{cut(` ${snapshot.workload} → ${snapshot.target}`, Math.max(0, width - 9))}</Text>
			</Text>
			<Text wrap="truncate-end">
				<Text bold inverse color={stateColors[snapshot.state]}>{` ${state} `}</Text>
				<Text>{cut(`  ${times}`, Math.max(0, width - state.length - 2))}</Text>
			</Text>
			<Line>{cut(describeControl(snapshot, profile), width)}</Line>
		</Pane>
	);
}
