/** Types for the pure parts of electron-native.mjs, used by its tests. */
export declare const NATIVE_DIR: string;
export declare const ADDON_FILE: string;
export declare function nativeAddonPath(root: string, electronVersion: string, arch: string): string;
export declare function installedElectronVersion(root: string): string | null;
export declare function copyWithoutBuild(sourceDir: string): (src: string) => boolean;
export declare function buildEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined>;
