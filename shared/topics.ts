/**
 * The Pub/Sub topics of the chain, named once: matting's default, the local stack and
 * its launchers all read them from here (a deploy derives its own, `<prefix>-replies`
 * and `<prefix>-dead-letter`, which are these with the default prefix `sticker`).
 */

/** matting → sender: one reply message per photo (shared/reply-message.ts). */
export const REPLIES_TOPIC = 'sticker-replies';

/** Where every step's subscription sends what it could not deliver; the sender apologises. */
export const DEAD_LETTER_TOPIC = 'sticker-dead-letter';
