import {useStdout} from 'ink';
import {useEffect, useRef, useState} from 'react';

export type TerminalSize = {readonly columns: number; readonly rows: number};

const fallback: TerminalSize = {columns: 80, rows: 24};

/** Erase the whole screen and put the cursor top left (ED 2, CUP). */
const clearScreen = '\u001B[2J\u001B[H';

/**
 * Columns and rows of the output terminal, updated on resize. On a narrower terminal the screen
 * is cleared first: the terminal has re-wrapped the last frame's long lines into more rows than
 * Ink erases before its next frame, and those rows would stay above it.
 */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const read = (): TerminalSize => ({columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows});
	const [size, setSize] = useState(read);
	const columns = useRef(size.columns);
	useEffect(() => {
		const onResize = () => {
			const next = read();
			if (next.columns < columns.current) {
				stdout.write(clearScreen);
			}

			columns.current = next.columns;
			setSize(next);
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
