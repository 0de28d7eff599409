declare module 'parse-prometheus-text-format' {
	export type ParsedMetric = {
		labels?: Record<string, string>;
		value?: string;
		buckets?: Record<string, string>;
		count?: string;
		sum?: string;
	};
	export type ParsedFamily = {name: string; help: string; type: string; metrics: ParsedMetric[]};
	export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
