import {Box, Text} from 'ink';
import type {ReactNode} from 'react';

/** A pane's frame: a fixed box whose lines are cut at its width, never wrapped. */
export function Pane({width, height, children}: {readonly width: number; readonly height: number; readonly children: ReactNode}) {
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{children}
		</Box>
	);
}

/** One line of a pane. */
export function Line({children, color, dimColor, bold, inverse}: {readonly children: ReactNode; readonly color?: string; readonly dimColor?: boolean; readonly bold?: boolean; readonly inverse?: boolean}) {
	return (
		<Text wrap="truncate-end" color={color} dimColor={dimColor} bold={bold} inverse={inverse}>
			{children}
		</Text>
	);
}

/** A pane title: bold, with optional dim detail after it. */
export function Title({name, detail, color}: {readonly name: string; readonly detail?: string; readonly color?: string}) {
	return (
		<Text wrap="truncate-end">
			<Text bold color={color ?? 'cyan'}>
				{name}
			</Text>
			{detail ? <Text dimColor>{`  ${detail}`}</Text> : undefined}
		</Text>
	);
}
