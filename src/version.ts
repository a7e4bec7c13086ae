declare const __VERSION__: string;

/** This package's version, written in at build time. */
export const version: string = __VERSION__;
