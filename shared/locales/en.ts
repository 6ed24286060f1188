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
  clip_trimmed:
    'Your clip was longer than {seconds} s, so the sticker shows its first {seconds} s.',
  clip_too_long:
    'That clip is {seconds} s long. I take clips of up to {limit} s and make the sticker from the first {sticker} s, so send a shorter one that starts with the moment you want.',
  clip_too_large:
    'That clip is too large for me: {width}x{height} pixels at {fps} frames per second. I take clips of up to {maxSide} pixels on the longer side and {maxFps} frames per second.',
  clip_unreadable:
    'I could not read that clip; it may be damaged or in a format I do not know. Try sending it as a video.',
  unsupported_media:
    'I make stickers from photos and videos of people. Send me a photo, a video or a GIF and I will do the rest.',
  not_media:
    'I can only use pictures and clips. Send a photo, a video or a GIF, or a JPEG, PNG, WebP, GIF, MP4, MOV or WebM file.',
  start_clips: 'Videos, GIFs and round video messages work too: they come back as moving stickers.',
  help_clips:
    'Videos, GIFs and round video messages (also MP4, MOV, WebM and GIF files) become moving stickers of the person, at most {seconds} s long: a longer clip gives a sticker of its first {seconds} s.',
};
