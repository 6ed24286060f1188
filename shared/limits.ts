/**
 * Limits users are told about (in /help and in refusals) and the functions enforce, in
 * one place so the two cannot drift apart.
 */

/** Decoded size matting accepts; checked from the header before any pixel is decoded. */
export const MAX_INPUT_PIXELS = 50_000_000;

/** What a bot can download with getFile. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
