import sharp from 'sharp';

/** How the picture is laid out; the defaults make a README-sized strip (about 800 x 360). */
export interface SideBySideLayout {
  /** height of both panels, px */
  height: number;
  /** room between the panels for the arrow, px */
  gap: number;
  /** side of one checkerboard square, px */
  cell: number;
}

export const SIDE_BY_SIDE_DEFAULTS: SideBySideLayout = { height: 360, gap: 72, cell: 12 };

/** The two greys image editors show transparency with. */
const LIGHT = 0xff;
const DARK = 0xd9;
const ARROW = '#8a8a8a';

/**
 * The photo and the sticker made from it, side by side: the photo at `height`, an arrow,
 * and the sticker fitted into a `height` square drawn on a checkerboard, so its
 * transparency shows. Outside the panels the picture is transparent, for light and dark
 * pages alike. Returns a PNG as {@link readmePng} makes it.
 */
export async function sideBySide(
  photo: Buffer,
  sticker: Buffer,
  layout: Partial<SideBySideLayout> = {},
): Promise<Buffer> {
  const { height, gap, cell } = { ...SIDE_BY_SIDE_DEFAULTS, ...layout };
  const left = await sharp(photo).resize({ height }).png().toBuffer({ resolveWithObject: true });
  const panel = await stickerPanel(sticker, height, cell);
  const width = left.info.width + gap + height;
  const strip = await sharp({
    create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .composite([
      { input: left.data, left: 0, top: 0 },
      { input: arrow(gap, height), left: left.info.width, top: 0 },
      { input: panel, left: left.info.width + gap, top: 0 },
    ])
    .png()
    .toBuffer();
  return readmePng(strip);
}

/**
 * A PNG small enough to commit: 256 colours with dithering (photos keep their look),
 * maximum zlib compression. Alpha is kept.
 */
export function readmePng(image: Buffer): Promise<Buffer> {
  return sharp(image)
    .png({ palette: true, quality: 90, dither: 1, compressionLevel: 9, effort: 10 })
    .toBuffer();
}

/** The sticker, scaled to fit a `size` square and centred on a checkerboard of that size. */
async function stickerPanel(sticker: Buffer, size: number, cell: number): Promise<Buffer> {
  const cut = await sharp(sticker)
    .resize({ width: size, height: size, fit: 'inside' })
    .png()
    .toBuffer({ resolveWithObject: true });
  return sharp(checkerboard(size, cell), { raw: { width: size, height: size, channels: 3 } })
    .composite([
      {
        input: cut.data,
        left: Math.floor((size - cut.info.width) / 2),
        top: Math.floor((size - cut.info.height) / 2),
      },
    ])
    .png()
    .toBuffer();
}

/** Raw RGB pixels of a `size` square checkerboard whose top-left square is light. */
export function checkerboard(size: number, cell: number): Buffer {
  const pixels = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const grey = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0 ? LIGHT : DARK;
      pixels.fill(grey, (y * size + x) * 3, (y * size + x) * 3 + 3);
    }
  }
  return pixels;
}

/** A grey arrow pointing right, centred in a `width` x `height` box, as SVG. */
function arrow(width: number, height: number): Buffer {
  const y = height / 2;
  const [from, to, head] = [width * 0.2, width * 0.8, width * 0.2];
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<g fill="none" stroke="${ARROW}" stroke-width="6" stroke-linecap="round" stroke-linejoin="round">` +
      `<path d="M${from} ${y}H${to}"/><path d="M${to - head} ${y - head}L${to} ${y}L${to - head} ${y + head}"/>` +
      `</g></svg>`,
  );
}
