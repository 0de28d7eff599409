/** Our one wrapper of ink-testing-library: frames without colour codes, and a short settle wait. */
import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';

export const keys = {up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', tab: '\t', escape: '\u001B', ctrlC: '\u0003'} as const;

export type Rendered = {
	/** The last frame, plain text. */
	frame(): string;
	/** Type keys one by one, letting Ink handle each. */
	press(...input: string[]): Promise<void>;
	rerender(tree: ReactElement): void;
	unmount(): void;
};

export const settle = async (ms = 30) =>
	new Promise(resolve => {
		setTimeout(resolve, ms);
	});

export function renderInk(tree: ReactElement): Rendered {
	const instance = render(tree);
	return {
		frame: () => stripVTControlCharacters(instance.lastFrame() ?? ''),
		async press(...input) {
			for (const key of input) {
				instance.stdin.write(key);
				// eslint-disable-next-line no-await-in-loop
				await settle();
			}
		},
		rerender: instance.rerender,
		unmount: instance.unmount,
	};
}
