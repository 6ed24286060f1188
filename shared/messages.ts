/**
 * Every text the bot sends, by key, so that messages are reviewed in one place and a
 * reply message on Pub/Sub carries a key + params instead of rendered prose (the sender
 * renders it in the user's language at the last moment).
 */
export const MESSAGE_KEYS = [
  'start',
  'help',
  'unsupported',
  'not_image',
  'too_big',
  'too_many_pixels',
  'too_small',
  'undecodable',
  'no_person',
  'failed',
] as const;

export type MessageKey = (typeof MESSAGE_KEYS)[number];

type Catalogue = Record<MessageKey, string>;

const en: Catalogue = {
  start:
    'Hi {name}! Send me a photo of a person and I will cut them out of the background and send it back as a sticker.',
  help: [
    'Send me a photo of a person: I cut them out of the background and send it back as a sticker you can save or forward.',
    '',
    'What works: photos, or JPEG, PNG and WebP images sent as files (up to 20 MB). One clear person works best.',
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
};

const catalogues: Record<string, Partial<Catalogue>> = { en };

/** Languages with a catalogue; anything else falls back to English. */
export const LANGUAGES = Object.keys(catalogues);

/**
 * Renders `key` in the language of `languageCode` (Telegram's IETF tag, e.g. 'pt-br'),
 * falling back to English, with `{param}` placeholders filled in.
 */
export function renderMessage(
  key: MessageKey,
  languageCode: string | undefined,
  params: Record<string, string | number> = {},
): string {
  const lang = (languageCode ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  const template = catalogues[lang]?.[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
