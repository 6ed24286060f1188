import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { renderCaption } from './caption';
import {
  CAPTION_FONT,
  FALLBACK_FONT_FILES,
  FONT_DIR,
  captionCoverage,
  ensureFontConfig,
  fontCodePoints,
} from './fonts';

const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('fontCodePoints (cmap)', () => {
  const main = fontCodePoints(readFileSync(CAPTION_FONT.file));
  const emoji = fontCodePoints(readFileSync(FALLBACK_FONT_FILES[0]!));
  const cases: [string, Set<number>, string, boolean][] = [
    ['Latin', main, 'AzñÑßäöüçãõ', true],
    ['Cyrillic', main, 'ЖжЁёЯя', true],
    ['Greek', main, 'ΩωΆά', true],
    ['Hebrew and Arabic', main, 'אשעب', true],
    ['ellipsis', main, '…', true],
    ['no CJK in the main face', main, '漢', false],
    ['emoji (astral, cmap format 12)', emoji, '🎉🔥👍🏽', true],
    ['no Latin in the emoji font', emoji, 'A', false],
  ];
  for (const [name, set, chars, want] of cases) {
    test(name, () => {
      for (const ch of chars) assert.equal(set.has(ch.codePointAt(0)!), want, ch);
    });
  }
  test('coverage is the union of both fonts', () => {
    assert.ok(captionCoverage().size >= main.size);
    assert.ok(captionCoverage().has(0x1f389) && captionCoverage().has(0x416));
  });
});

describe('fontconfig setup', () => {
  test('the generated config lists only the bundled fonts and caches in tmp', () => {
    const env: NodeJS.ProcessEnv = {};
    const file = ensureFontConfig(env);
    assert.equal(env.FONTCONFIG_FILE, file);
    const xml = readFileSync(file, 'utf8');
    assert.ok(xml.includes(`<dir>${FONT_DIR}</dir>`));
    assert.ok(xml.includes(`<cachedir>${os.tmpdir()}`));
    assert.equal((xml.match(/<dir>/g) ?? []).length, 1);
    assert.equal(ensureFontConfig({ FONTCONFIG_FILE: '/etc/mine.conf' }), '/etc/mine.conf');
  });

  test('no system font is visible: any family name renders in the bundled face', async () => {
    await renderCaption('warm-up'); // sets FONTCONFIG_FILE before fontconfig starts
    const render = async (family: string) => {
      const out = await sharp({ text: { text: 'Hola Größe', font: `${family} 40`, dpi: 72 } })
        .raw()
        .toBuffer();
      return digest(out);
    };
    const bundled = await render(CAPTION_FONT.family);
    for (const family of ['Liberation Serif', 'Noto Sans', 'serif', 'monospace']) {
      assert.equal(await render(family), bundled, family);
    }
  });

  test('renders the same with HOME unset or unwritable (Cloud Functions, CI)', async () => {
    const here = await renderCaption('Привет, <мир> & 😀');
    assert.ok(here);
    const script = `
      const { renderCaption } = require('./caption');
      renderCaption('Привет, <мир> & 😀').then((img) => {
        const h = require('node:crypto').createHash('sha256').update(img.rgba).digest('hex');
        process.stdout.write(h);
      });`;
    // not writable even by root (tests may run as root, for whom chmod changes nothing)
    for (const home of [undefined, '/proc/self/no-such-home']) {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
      if (home) env.HOME = home;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: __dirname,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /fontconfig/i);
      assert.equal(r.stdout, digest(here.rgba), `HOME=${home}`);
    }
  });
});
