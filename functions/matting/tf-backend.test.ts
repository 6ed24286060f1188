import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../shared/config';
import { ConfigError } from '../../shared/errors';
import { backendSetting } from './backend-setting';

test('TFJS_BACKEND is checked with the rest of the config: a bad value names the setting', () => {
  const read = (value?: string) =>
    loadConfig({ TFJS_BACKEND: backendSetting }, { TFJS_BACKEND: value }).TFJS_BACKEND;
  assert.equal(read(undefined), undefined, 'unset: the best available backend');
  assert.equal(read(' WASM '), 'wasm');
  assert.equal(read('cpu'), 'cpu');
  assert.throws(
    () => read('gpu'),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /TFJS_BACKEND is invalid/);
      return true;
    },
  );
});
