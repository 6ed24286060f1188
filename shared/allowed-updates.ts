/**
 * The update kinds the bot handles, given to `setWebhook` as `allowed_updates` by the
 * deploy and by the local stack, so Telegram does not even send the others. One list,
 * imported by both, so they cannot drift. `callback_query` carries the "Add to my pack"
 * button presses; `edited_message` a photo's changed caption, which becomes the new
 * search keywords of its sticker in the user's pack.
 */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;
