/**
 * Limits, each named once: the ones users are told about (in /help and in refusals) and
 * the functions enforce, and Telegram's own, which the bot keeps under and the Telegram
 * emulator enforces, so that the bot, its messages and the emulator cannot drift apart.
 */

/** Decoded size matting accepts; checked from the header before any pixel is decoded. */
export const MAX_INPUT_PIXELS = 50_000_000;

/** What a bot can download with getFile (Bot API: 20 MB). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** Longest caption Telegram allows; anything longer did not come from Telegram. */
export const MAX_CAPTION_LENGTH = 1024;

/** Longest IETF language tag carried between the functions (BCP 47's practical maximum). */
export const MAX_LANGUAGE_CODE_LENGTH = 35;

/** X-Telegram-Bot-Api-Secret-Token: 1-256 characters of A-Z a-z 0-9 _ - (setWebhook). */
export const MAX_SECRET_TOKEN_LENGTH = 256;

/** Stickers in a regular static sticker set. */
export const MAX_STICKERS_PER_SET = 120;

/** Sticker set names and titles: 1-64 characters. */
export const MAX_STICKER_SET_NAME_LENGTH = 64;
export const MAX_STICKER_SET_TITLE_LENGTH = 64;

/** Telegram video stickers: WEBM (VP9), at most 3 s, 30 fps and 256 KB, one side 512 px. */
export const VIDEO_STICKER_MAX_SECONDS = 3;
export const VIDEO_STICKER_MAX_FPS = 30;
export const VIDEO_STICKER_MAX_BYTES = 256 * 1024;

/**
 * Clips matting accepts (its memory and timeout are sized for the worst of them: see
 * functions/README.md, "Moving stickers"). Only the first 3 s are decoded, so the cost
 * grows with resolution and frame rate; a clip much longer than a sticker is refused
 * rather than silently cut to a start the user may not want.
 */
export const MAX_CLIP_SECONDS = 60;
export const MAX_CLIP_SIDE = 1920;
export const MAX_CLIP_FPS = 60;
/** Search keywords per sticker, and their length in total (Bot API InputSticker.keywords). */
export const MAX_STICKER_KEYWORDS = 20;
export const MAX_STICKER_KEYWORDS_LENGTH = 64;

/** Emoji per sticker (Bot API InputSticker.emoji_list, setStickerEmojiList). */
export const MAX_STICKER_EMOJI = 20;
