import {Text} from 'ink';
import {keyHelp} from '../keymap.js';
import {Line, Pane, Title} from '../pane.js';
import {cut} from '../text.js';

export const helpRows = keyHelp.length + 2;

/** The `?` overlay: every key and what it does. */
export function Help({width, height}: {readonly width: number; readonly height: number}) {
	const keyWidth = Math.max(...keyHelp.map(key => key.keys.length)) + 2;
	return (
		<Pane width={width} height={height}>
			<Title name="Keys" detail="? or Esc closes this help" />
			{keyHelp.map(key => (
				<Text key={key.keys} wrap="truncate-end">
					<Text bold>{`  ${key.keys.padEnd(keyWidth)}`}</Text>
					<Text>{cut(key.description, Math.max(0, width - keyWidth - 2))}</Text>
				</Text>
			))}
			<Line dimColor>{cut('  Rate keys act on the running load at once; the header shows what is in effect.', width)}</Line>
		</Pane>
	);
}
