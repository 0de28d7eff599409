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

/** What is in effect for the rate: the shape's rate, manual scale and offset, hold and spike. */
export function describeControl(snapshot: RunSnapshot): string {
	const {control, elapsedMs} = snapshot;
	const parts = [`shape ${formatRate(control.shapeRate)}`];
	if (Math.abs(control.scale - 1) > 1e-9) {
		parts.push(`×${control.scale.toFixed(2)}`);
	}

	if (control.offset !== 0) {
		parts.push(`${control.offset > 0 ? '+' : '−'}${formatRate(Math.abs(control.offset))}`);
	}

	if (control.held) {
		parts.push('held');
	}

	if (control.paused) {
		parts.push('paused');
	}

	if (control.spike) {
		parts.push(`spike ${formatRate(control.spike.rate)} for ${Math.max(0, (control.spike.untilMs - elapsedMs) / 1000).toFixed(1)}s`);
	}

	return `${parts.join(' ')} → target ${formatRate(control.targetRate)}`;
}

export function Header({snapshot, width, height}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number}) {
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
			<Line>{cut(`rate: ${describeControl(snapshot)}`, width)}</Line>
		</Pane>
	);
}
