import type { Catalogue } from '../messages';

/** English: the reference catalogue; every other language falls back to it key by key. */
export const en: Catalogue = {
  start:
    'Hi {name}! Send me a photo of a person and I will send it back as a sticker, with the background removed. Add a caption and I will write it on the sticker.',
  help: [
    'Send me a photo of a person: I cut them out of the background and send them back as a sticker you can save, forward or add to your own sticker pack.',
    '',
    'What you can send: photos, or JPEG, PNG and WebP images sent as files (up to 20 MB and {megapixels} megapixels). One clear person works best. Images that are already transparent are kept as they are.',
    'A caption on the photo is written under the person.',
    '',
    '/outline turns the white outline on or off.',
    '/pack shows your sticker packs, to rename or delete one, or choose where new stickers go.',
    '/undo takes the last sticker I added out of your pack.',
    '',
    'Limit: up to {limit} photos a minute.',
    'Privacy: your photo is used only to make your sticker and is deleted after processing.',
  ].join('\n'),
  unsupported: 'I make stickers from photos of people. Send me a photo and I will do the rest.',
  not_image: 'I can only use pictures. Send a photo, or a JPEG, PNG or WebP image as a file.',
  too_big:
    'That file is larger than 20 MB, the most a bot can download. Send it as a photo instead, or a smaller file.',
  too_many_pixels:
    'That image is too large ({megapixels} megapixels). Please send one of at most {limit} megapixels.',
  too_small:
    'That picture is tiny ({width}x{height} pixels). Please send one at least {min} pixels on each side.',
  undecodable:
    'I could not read that image; it may be damaged or in a format I do not know. Try sending it as a photo.',
  no_person: 'I could not find a person in that photo. Try one where someone is clearly visible.',
  failed: 'Sorry, something went wrong while making your sticker. Please send the photo again.',
  rate_limited:
    'You are sending photos faster than I can keep up with: up to {limit} a minute, please. Try again in {seconds} s.',
  outline_on:
    'White outline on: your next stickers will have it. Send /outline again to turn it off.',
  outline_off:
    'White outline off: your next stickers will not have one. Send /outline again to turn it back on.',
  pack_button: 'Add to my pack',
  pack_title: "{name}'s stickers",
  pack_added: 'Added to your sticker pack "{title}": {link}',
  pack_added_toast: 'Added to your pack',
  pack_already: 'That sticker is already in your pack: {link}',
  pack_none:
    'You have no sticker pack yet. Press "Add to my pack" under one of your stickers and I will make one for you.',
  pack_need_start:
    'Open a private chat with me and press Start first, then press the button again.',
  pack_gone: 'That sticker is no longer available. Send the photo again to make a new one.',
  pack_failed: 'Sorry, I could not add that sticker to your pack just now. Please try again later.',
  cmd_start: 'Start making stickers',
  cmd_help: 'What I do, limits and privacy',
  cmd_outline: 'Turn the white outline on or off',
  clip_trimmed:
    'Your clip was longer than {seconds} s, so the sticker shows its first {seconds} s.',
  clip_too_long:
    'That clip is {seconds} s long. I take clips of up to {limit} s and make the sticker from the first {sticker} s, so send a shorter one that starts with the moment you want.',
  clip_too_large:
    'That clip is too large for me: {width}x{height} pixels at {fps} frames per second. I take clips of up to {maxSide} pixels on the longer side and {maxFps} frames per second.',
  clip_unreadable:
    'I could not read that clip; it may be damaged or in a format I do not know. Try sending it as a video.',
  pack_in_button: '✓ In your pack',
  pack_remove_button: 'Remove from my pack',
  pack_keep_button: 'Keep it',
  pack_in_toast: 'This sticker is in your pack. Remove it?',
  pack_removed: 'Removed from your sticker pack "{title}": {link}',
  pack_removed_toast: 'Removed from your pack',
  undo_done: 'Undone: I took the last sticker I added out of "{title}": {link}',
  undo_nothing: 'Nothing to undo: there is no sticker I added to your packs left to take out.',
  own_sticker: 'This sticker is in your pack "{title}". What shall I do with it?',
  own_emoji_button: 'Change emoji',
  own_front_button: 'Move to the front',
  own_thumb_button: 'Make it the pack icon',
  own_remove_button: 'Remove from pack',
  own_not_yours: 'That sticker is not in one of your packs.',
  emoji_ask: 'Send me the emoji for this sticker: 1 to 20 of them, in one message.',
  emoji_invalid: 'Please send only emoji, 1 to 20 of them, for example 😀🎉.',
  emoji_done: 'Done: the sticker is now filed under {emoji}',
  front_done: 'Moved to the front of your pack',
  front_already: 'It is already the first sticker of your pack',
  thumb_done: 'That sticker is now the icon of "{title}"',
  pack_item: '"{title}": {count} of {max} stickers\n{link}',
  pack_item_current: '"{title}": {count} of {max} stickers, new stickers go here\n{link}',
  pack_edit_hint:
    'To change a sticker (its emoji, its place, the pack icon) or take it out, send me the sticker. /undo takes out the last one I added.',
  pack_rename_button: 'Rename',
  pack_delete_button: 'Delete',
  pack_use_button: 'Put new stickers here',
  rename_ask: 'Send me the new name for "{title}" (1 to {max} characters).',
  rename_invalid: 'A pack name must be 1 to {max} characters long. Please send another one.',
  rename_done: 'Done: your pack is now called "{title}".',
  delete_ask:
    'Delete the pack "{title}" with its {count} stickers? It disappears for everyone who added it, and this cannot be undone.',
  delete_yes_button: 'Yes, delete it',
  delete_no_button: 'No, keep it',
  delete_done: 'The pack "{title}" is deleted.',
  delete_kept: 'Kept: the pack stays as it is',
  pack_current: 'New stickers now go to "{title}".',
  pack_missing: 'That pack is gone. Send /pack to see the ones you have.',
  keywords_set: 'New search words for your sticker in "{title}": {keywords}',
  keywords_cleared: 'Your sticker in "{title}" no longer has search words: the caption has none.',
  cmd_undo: 'Take the last added sticker out of your pack',
  unsupported_media:
    'I make stickers from photos and videos of people. Send me a photo, a video or a GIF and I will do the rest.',
  not_media:
    'I can only use pictures and clips. Send a photo, a video or a GIF, or a JPEG, PNG, WebP, GIF, MP4, MOV or WebM file.',
  start_clips: 'Videos, GIFs and round video messages work too: they come back as moving stickers.',
  help_clips:
    'Videos, GIFs and round video messages (also MP4, MOV, WebM and GIF files) become moving stickers of the person, at most {seconds} s long: a longer clip gives a sticker of its first {seconds} s.',
  cmd_pack: 'Link to your sticker pack',
  // issue 13: /forget and group admins
  cmd_forget: 'Delete what I keep about you',
  forget_done:
    'Done: I deleted everything I kept about you: your /outline setting, the list of your sticker packs and your photo counter. Photos are never kept; each one is deleted once its sticker is made.\n\nYour sticker packs remain: they belong to you on Telegram, not to me. To delete one, send /delpack to @Stickers and choose it:\n{links}',
  forget_done_none:
    'Done: I deleted everything I kept about you: your /outline setting, the list of your sticker packs and your photo counter. Photos are never kept; each one is deleted once its sticker is made.\n\nSticker packs you made with me belong to you on Telegram: to delete one, send /delpack to @Stickers.',
  outline_admins_only: 'In a group, only its administrators can change /outline.',
};
