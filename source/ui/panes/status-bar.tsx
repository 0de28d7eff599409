import {Text} from 'ink';
import {keyHelp} from '../keymap.js';
import {fit} from '../text.js';

/** One line listing every key; quit and help first, so a narrow terminal cuts the least needed. */
export function StatusBar({width, note}: {readonly width: number; readonly note?: string}) {
	const first = keyHelp.filter(key => key.short.startsWith('q ') || key.short.startsWith('? '));
	const rest = keyHelp.filter(key => !first.includes(key));
	const labels = [...first, ...rest].map(key => key.short);
	const spaced = labels.join('  ');
	const keys = spaced.length + 1 <= width ? spaced : labels.join(' ');
	return (
		<Text wrap="truncate-end" inverse>
			{fit(` ${note ? `${note}  ` : ''}${keys}`, width)}
		</Text>
	);
}
