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
    '/pack gives the link to your sticker pack.',
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
  pack_links: 'Your sticker packs:\n{links}',
  pack_need_start:
    'Open a private chat with me and press Start first, then press the button again.',
  pack_gone: 'That sticker is no longer available. Send the photo again to make a new one.',
  pack_failed: 'Sorry, I could not add that sticker to your pack just now. Please try again later.',
  cmd_start: 'Start making stickers',
  cmd_help: 'What I do, limits and privacy',
  cmd_outline: 'Turn the white outline on or off',
  cmd_pack: 'Link to your sticker pack',
  // issue 13: /forget and group admins
  cmd_forget: 'Delete what I keep about you',
  forget_done:
    'Done: I deleted everything I kept about you: your /outline setting, the list of your sticker packs and your photo counter. Photos are never kept; each one is deleted once its sticker is made.\n\nYour sticker packs remain: they belong to you on Telegram, not to me. To delete one, send /delpack to @Stickers and choose it:\n{links}',
  forget_done_none:
    'Done: I deleted everything I kept about you: your /outline setting, the list of your sticker packs and your photo counter. Photos are never kept; each one is deleted once its sticker is made.\n\nSticker packs you made with me belong to you on Telegram: to delete one, send /delpack to @Stickers.',
  outline_admins_only: 'In a group, only its administrators can change /outline.',
};
