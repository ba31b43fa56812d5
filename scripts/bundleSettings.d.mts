import type { BuildOptions } from 'esbuild';

export declare const BUNDLE_SETTINGS: BuildOptions;
export declare const REQUIRE_SHIM: string;
