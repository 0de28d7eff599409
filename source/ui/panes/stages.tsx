import {Box, Text} from 'ink';
import type {KneeInfo, RunSnapshot, StageStats} from '../../engine/snapshot.js';
import {formatMs, formatPercent, formatRate} from '../../report/format.js';
import {Line, Pane, Title} from '../pane.js';
import {cut, fit, right} from '../text.js';
import {compactNumber} from './rate.js';

const tableWidth = 66;

function isKneeStage(stage: StageStats, knee: KneeInfo | undefined): boolean {
	return knee !== undefined && knee.atMs >= stage.startMs && knee.atMs < stage.endMs;
}

/**
 * p99 (rows, top = slowest) against achieved rate (columns) as a character grid: one dot per
 * stage, the knee's stage as ◆. Stages at 0 req/s (a knee search's rests, a burst's off phases)
 * only drain earlier calls: they are listed in the table, not plotted.
 */
export function stagePlot(stages: readonly StageStats[], knee: KneeInfo | undefined, width: number, rows: number): string[] {
	const points = stages.filter(stage => stage.count > 0 && stage.targetRate > 0);
	if (points.length === 0 || width < 12 || rows < 3) {
		return [];
	}

	const axis = 7;
	const columns = width - axis - 1;
	const maxRate = Math.max(...points.map(stage => stage.achievedRate), 1);
	const maxP99 = Math.max(...points.map(stage => stage.latency.p99), 0.001);
	const grid = Array.from({length: rows - 1}, () => Array.from({length: columns}, () => ' '));
	for (const stage of points) {
		const x = Math.min(columns - 1, Math.round((stage.achievedRate / maxRate) * (columns - 1)));
		const y = Math.min(rows - 2, Math.round((1 - stage.latency.p99 / maxP99) * (rows - 2)));
		grid[y]![x] = isKneeStage(stage, knee) ? '◆' : grid[y]![x] === '◆' ? '◆' : '•';
	}

	const lines = grid.map((row, index) => `${right(index === 0 ? formatMs(maxP99) : index === rows - 2 ? '0' : '', axis)}┤${row.join('')}`);
	lines.push(`${' '.repeat(axis)}└${cut(`0 ─ achieved rate ─ ${compactNumber(maxRate)}/s`.padStart(columns), columns)}`);
	return lines;
}

/** Per-stage latency vs throughput, and the knee when the engine found one. */
export function StagesPane({snapshot, width, height}: {readonly snapshot: RunSnapshot; readonly width: number; readonly height: number}) {
	const {stages, knee} = snapshot;
	const tableRows = Math.max(0, height - 3);
	const shown = stages.slice(-tableRows);
	const plotWidth = width - tableWidth - 2;
	const plot = plotWidth >= 20 ? stagePlot(stages, knee, plotWidth, height - 1) : [];
	const heading = `${fit('stage', 12)}${right('offered', 9)}${right('achieved', 10)}${right('p50', 8)}${right('p99', 8)}${right('p99.9', 8)}${right('errors', 8)}`;
	return (
		<Pane width={width} height={height}>
			<Title name="Stages" detail="latency vs throughput" />
			<Box flexDirection="row">
				<Box flexDirection="column" width={Math.min(width, tableWidth)}>
					<Text wrap="truncate-end" dimColor>
						{heading}
					</Text>
					{shown.map(stage => (
						<Text key={stage.index} wrap="truncate-end" color={isKneeStage(stage, knee) ? 'yellow' : undefined}>
							{`${fit(`${stage.index + 1} ${stage.name}`, 12)}${right(formatRate(stage.offeredRate), 9)}${right(formatRate(stage.achievedRate), 10)}${right(formatMs(stage.latency.p50), 8)}${right(formatMs(stage.latency.p99), 8)}${right(formatMs(stage.latency.p999), 8)}${right(formatPercent(stage.errorRate, 1), 8)}${isKneeStage(stage, knee) ? ' ◆' : ''}`}
						</Text>
					))}
					<Line color={knee ? 'yellow' : undefined} dimColor={!knee}>
						{cut(knee ? `◆ knee at ${formatRate(knee.rate)}: ${knee.reason}` : 'no knee found yet', Math.min(width, tableWidth))}
					</Line>
				</Box>
				{plot.length > 0 ? (
					<Box flexDirection="column" marginLeft={2} width={plotWidth}>
						{plot.map((line, index) => (
							// eslint-disable-next-line react/no-array-index-key
							<Text key={index} wrap="truncate-end">
								{line}
							</Text>
						))}
					</Box>
				) : undefined}
			</Box>
		</Pane>
	);
}
