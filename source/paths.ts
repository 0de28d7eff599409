import {fileURLToPath} from 'node:url';

/** The package root (holds proto/, profiles/). Compiled code lives in dist/source/. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of a file shipped with the package, e.g. packagePath('proto', 'keyvalue.proto'). */
export function packagePath(...parts: string[]): string {
	return [packageRoot.replace(/\/$/, ''), ...parts].join('/');
}
