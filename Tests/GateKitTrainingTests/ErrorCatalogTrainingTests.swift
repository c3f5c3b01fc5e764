import Foundation
import GateKit
import Testing

// The error catalog, part 2: losses, optimizers, initializers, data, checkpoints and the
// training loop. Docs/Errors.md lists the same rows.

/// Bad inputs to the losses (GateKitLosses).
let lossBadInputs: [BadInput] = [
  BadInput(
    "MeanSquaredError.forward", "a target of another shape", "shapeMismatch",
    ["MeanSquaredError(mean)", "[4, 2]", "[4, 3]"]
  ) {
    var loss = MeanSquaredError<Double>()
    _ = try loss(Tensor(zeros: [4, 2]), Tensor(zeros: [4, 3]))
  },
  BadInput(
    "MeanSquaredError.forward", "an empty batch", "invalidArgument",
    ["MeanSquaredError(mean)", "empty batch", "[0, 2]"]
  ) {
    var loss = MeanSquaredError<Double>()
    _ = try loss(Tensor(zeros: [0, 2]), Tensor(zeros: [0, 2]))
  },
  BadInput(
    "MeanSquaredError.forward", "a NaN scale", "invalidArgument",
    ["MeanSquaredError(mean)", "scale", "nan"]
  ) {
    var loss = MeanSquaredError<Double>(scale: .nan)
    _ = try loss(Tensor([1]), Tensor([1]))
  },
  BadInput(
    "MeanSquaredError.forward", "one input", "wrongInputCount",
    ["MeanSquaredError(mean)", "2 inputs", "got 1"]
  ) {
    var loss = MeanSquaredError<Double>()
    _ = try loss.forward(inputs: [Tensor([1])])
  },
  BadInput(
    "MeanSquaredError.backward", "backward before forward", "backwardBeforeForward",
    ["MeanSquaredError(mean)"]
  ) {
    var loss = MeanSquaredError<Double>()
    _ = try loss.backward()
  },
  BadInput(
    "MeanAbsoluteError.forward", "a target of another shape", "shapeMismatch",
    ["MeanAbsoluteError", "[3]", "[2]"]
  ) {
    var loss = MeanAbsoluteError<Double>()
    _ = try loss(Tensor([1, 2, 3]), Tensor([1, 2]))
  },
  BadInput(
    "HuberLoss(delta:)", "a zero delta", "invalidArgument", ["HuberLoss", "delta", "0.0"]
  ) { _ = try HuberLoss<Double>(delta: 0) },
  BadInput(
    "HuberLoss(delta:)", "a NaN delta", "invalidArgument", ["HuberLoss", "nan"]
  ) { _ = try HuberLoss<Double>(delta: .nan) },
  BadInput(
    "BinaryCrossEntropy(epsilon:)", "epsilon ≥ 0.5", "invalidArgument",
    ["BinaryCrossEntropy", "epsilon", "0.5"]
  ) { _ = try BinaryCrossEntropy<Double>(epsilon: 0.5) },
  BadInput(
    "BinaryCrossEntropy.forward", "a target of another shape", "shapeMismatch",
    ["BinaryCrossEntropy(mean)", "[2]", "[3]"]
  ) {
    var loss = try BinaryCrossEntropy<Double>()
    _ = try loss(Tensor([0.5, 0.5]), Tensor([1, 0, 1]))
  },
  BadInput(
    "BinaryCrossEntropyWithLogits.forward", "an empty batch", "invalidArgument",
    ["BinaryCrossEntropyWithLogits", "empty batch"]
  ) {
    var loss = BinaryCrossEntropyWithLogits<Double>()
    _ = try loss(Tensor([]), Tensor([]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "a label out of range", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label 3.0 of example 1", "0..<3"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([0, 3]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "a negative label", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label -1.0 of example 0"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([-1, 0]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "a fractional label", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label 0.5"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([0.5, 0]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "a NaN label", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label nan"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([.nan, 0]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "labels for another batch size", "shapeMismatch",
    ["SoftmaxCrossEntropy(mean)", "[2]", "[3]"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([0, 1, 2]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "logits that are not a matrix", "shapeMismatch",
    ["SoftmaxCrossEntropy(mean)", "[batch, classes]", "[3]"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor([1, 2, 3]), Tensor([0]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "an empty batch", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "empty batch", "[0, 3]"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [0, 3]), Tensor([]))
  },
  BadInput(
    "SoftmaxCrossEntropy.backward", "an upstream gradient that is not a scalar",
    "shapeMismatch", ["SoftmaxCrossEntropy(mean)", "upstream gradient of shape []", "[2]"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([0, 1]))
    _ = try loss.backward(upstream: Tensor([1, 1]))
  },
  BadInput(
    "NegativeLogLikelihood.forward", "a label out of range", "invalidArgument",
    ["NegativeLogLikelihood(mean)", "label 7.0 of example 0", "0..<3"]
  ) {
    var loss = NegativeLogLikelihood<Double>()
    _ = try loss(Tensor(zeros: [1, 3]), Tensor([7]))
  },
  BadInput(
    "NegativeLogLikelihood.forward", "a model without classes ([2, 0])", "invalidArgument",
    ["NegativeLogLikelihood(mean)", "empty batch"]
  ) {
    var loss = NegativeLogLikelihood<Double>()
    _ = try loss(Tensor(zeros: [2, 0]), Tensor([0, 0]))
  },
]

/// Bad hyperparameters and states of the optimizers (GateKitOptimizers).
let optimizerBadInputs: [BadInput] = [
  BadInput(
    "SGD(learningRate:)", "a negative learning rate", "invalidArgument",
    ["SGD", "learning rate", "-0.1"]
  ) { _ = try SGD<Double>(learningRate: -0.1) },
  BadInput(
    "SGD(learningRate:)", "a NaN learning rate", "invalidArgument", ["SGD", "nan"]
  ) { _ = try SGD<Double>(learningRate: .nan) },
  BadInput(
    "SGD(momentum:)", "momentum 1", "invalidArgument", ["SGD", "momentum", "[0.0, 1.0)"]
  ) { _ = try SGD<Double>(learningRate: 0.1, momentum: 1) },
  BadInput(
    "SGD(nesterov:)", "Nesterov without momentum", "invalidArgument", ["SGD", "esterov"]
  ) { _ = try SGD<Double>(learningRate: 0.1, nesterov: true) },
  BadInput(
    "SGD(weightDecay:)", "a negative weight decay", "invalidArgument",
    ["SGD", "weight decay", "-1.0"]
  ) { _ = try SGD<Double>(learningRate: 0.1, weightDecay: -1) },
  BadInput(
    "Adam(beta1:)", "β₁ = 1", "invalidArgument", ["Adam", "beta1", "1.0"]
  ) { _ = try Adam<Double>(beta1: 1) },
  BadInput(
    "Adam(beta2:)", "β₂ > 1", "invalidArgument", ["Adam", "beta2", "1.5"]
  ) { _ = try Adam<Double>(beta2: 1.5) },
  BadInput(
    "Adam(epsilon:)", "a zero epsilon", "invalidArgument", ["Adam", "epsilon"]
  ) { _ = try Adam<Double>(epsilon: 0) },
  BadInput(
    "AdamW(learningRate:)", "an infinite learning rate", "invalidArgument", ["AdamW", "inf"]
  ) { _ = try AdamW<Double>(learningRate: .infinity) },
  BadInput(
    "RMSProp(alpha:)", "α = 1", "invalidArgument", ["RMSProp", "alpha"]
  ) { _ = try RMSProp<Double>(alpha: 1) },
  BadInput(
    "AdaGrad(learningRateDecay:)", "a negative decay", "invalidArgument",
    ["AdaGrad", "learning-rate decay"]
  ) { _ = try AdaGrad<Double>(learningRateDecay: -1) },
  BadInput(
    "Optimizer.update", "a learning rate set negative after construction", "invalidArgument",
    ["SGD", "learning rate must be finite and ≥ 0", "-1.0"]
  ) {
    var optimizer = try SGD<Double>(learningRate: 0.1)
    optimizer.learningRate = -1
    var model = try Fixture.dense()
    try optimizer.update(&model)
  },
  BadInput(
    "Optimizer.update", "a gradient of another shape than its parameter", "shapeMismatch",
    ["at weight", "[3, 2]", "[2]"]
  ) {
    var optimizer = try SGD<Double>(learningRate: 0.1)
    var model = try Fixture.dense()
    model.weight.gradient = Tensor([1, 2])
    try optimizer.update(&model)
  },
  BadInput(
    "Optimizer.update", "state of another model (shapes differ)", "shapeMismatch",
    ["weight", "[3, 2]", "[4, 2]"]
  ) {
    var optimizer = try Adam<Double>()
    var other = try Fixture.dense(4, 2)
    try optimizer.update(&other)
    var model = try Fixture.dense()
    try optimizer.update(&model)
  },
  BadInput(
    "StepDecay(stepSize:)", "a zero step size", "invalidArgument", ["StepDecay", "stepSize", "0"]
  ) { _ = try StepDecay(stepSize: 0) },
  BadInput(
    "StepDecay(gamma:)", "γ > 1", "invalidArgument", ["StepDecay", "gamma", "2.0"]
  ) { _ = try StepDecay(stepSize: 1, gamma: 2) },
  BadInput(
    "ExponentialDecay(gamma:)", "γ = 0", "invalidArgument", ["ExponentialDecay", "gamma"]
  ) { _ = try ExponentialDecay(gamma: 0) },
  BadInput(
    "CosineDecay(totalSteps:)", "zero total steps", "invalidArgument", ["CosineDecay"]
  ) { _ = try CosineDecay(totalSteps: 0) },
  BadInput(
    "CosineDecay(warmupSteps:)", "warm-up as long as the schedule", "invalidArgument",
    ["CosineDecay"]
  ) { _ = try CosineDecay(totalSteps: 5, warmupSteps: 5) },
  BadInput(
    "Gate.clipGradients(maxNorm:)", "a zero norm", "invalidArgument", ["0.0"]
  ) {
    var model = try Fixture.dense()
    _ = try model.clipGradients(maxNorm: 0)
  },
  BadInput(
    "Gate.clipGradients(maxNorm:)", "a NaN norm", "invalidArgument", ["nan"]
  ) {
    var model = try Fixture.dense()
    _ = try model.clipGradients(maxNorm: .nan)
  },
]

/// Bad shapes and settings of the initializers (GateKitInitializers).
let initializerBadInputs: [BadInput] = [
  BadInput(
    "VarianceScaling.makeTensor", "an empty fan-in (He initialization, shape [0, 3])",
    "invalidArgument", ["varianceScaling", "[0, 3]"]
  ) { try make(.heNormal, [0, 3]) },
  BadInput(
    "VarianceScaling.makeTensor", "a shape whose fans overflow Int", "invalidShape",
    ["varianceScaling", "too many scalars"]
  ) { try make(.glorotUniform, [Int.max, Int.max]) },
  BadInput(
    "VarianceScaling.makeTensor", "a negative dimension", "invalidShape",
    ["varianceScaling", "negative"]
  ) { try make(.heNormal, [-2, 3]) },
  BadInput(
    "VarianceScaling.makeTensor", "a negative scale", "invalidArgument",
    ["varianceScaling(-1.0", "positive scale"]
  ) { try make(VarianceScaling(scale: -1, mode: .fanIn, distribution: .normal), [2, 2]) },
  BadInput(
    "RandomNormal.makeTensor", "a negative standard deviation", "invalidArgument",
    ["Tensor.normal", "-2.0"]
  ) { try make(.normal(standardDeviation: -2), [2]) },
  BadInput(
    "RandomUniform.makeTensor", "low > high", "invalidArgument", ["Tensor.uniform", "low ≤ high"]
  ) { try make(.uniform(low: 1, high: -1), [2]) },
  BadInput(
    "Constant.makeTensor", "a NaN value", "invalidArgument", ["constant(nan)", "finite"]
  ) { try make(.constant(.nan), [2]) },
  BadInput(
    "Constant.makeTensor", "an overflowing shape", "invalidShape", ["too many scalars"]
  ) { try make(.zeros, [Int.max, 3]) },
  BadInput(
    "Orthogonal.makeTensor", "a vector shape", "invalidArgument", ["orthogonal", "rank ≥ 2"]
  ) { try make(.orthogonal(), [4]) },
  BadInput(
    "Orthogonal.makeTensor", "an infinite gain", "invalidArgument", ["orthogonal", "finite gain"]
  ) { try make(.orthogonal(gain: .infinity), [2, 2]) },
  BadInput(
    "Dense(_:_:weightInitializer:)", "an initializer that cannot fill the shape",
    "invalidArgument", ["Tensor.normal"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Dense<Double>(
      2, 2, weightInitializer: .normal(standardDeviation: .nan), using: &generator)
  },
]

/// Draws a `Double` tensor of `shape` from `initializer`.
private func make(_ initializer: some Initializer, _ shape: [Int]) throws {
  var generator = SeededGenerator(seed: 0)
  let _: Tensor<Double> = try initializer.makeTensor(shape: shape, using: &generator)
}

/// Bad data (GateKitData).
let dataBadInputs: [BadInput] = [
  BadInput(
    "Dataset(features:targets:)", "features that are not a matrix", "shapeMismatch",
    ["Dataset", "[examples, features]", "[4]"]
  ) { _ = try Dataset(features: Tensor<Double>([1, 2, 3, 4]), targets: Tensor(zeros: [4, 1])) },
  BadInput(
    "Dataset(features:targets:)", "mismatched example counts", "shapeMismatch",
    ["Dataset", "targets of shape [4, outputs]", "[3, 1]"]
  ) { _ = try Dataset(features: Tensor<Double>(zeros: [4, 2]), targets: Tensor(zeros: [3, 1])) },
  BadInput(
    "Dataset(features:targets:classCount:)", "mismatched label count", "shapeMismatch",
    ["Dataset", "labels of shape [4]", "[3]"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(zeros: [4, 2]), targets: Tensor([0, 1, 0]), classCount: 2)
  },
  BadInput(
    "Dataset(features:targets:classCount:)", "a label out of range", "invalidArgument",
    ["Dataset", "label 2.0 of example 1", "0..<2"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor([0, 2]), classCount: 2)
  },
  BadInput(
    "Dataset(features:targets:classCount:)", "a negative label", "invalidArgument",
    ["Dataset", "label -1.0 of example 0"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor([-1, 0]), classCount: 2)
  },
  BadInput(
    "Dataset(features:targets:classCount:)", "zero classes", "invalidArgument",
    ["Dataset", "classCount must be ≥ 1"]
  ) {
    _ = try Dataset(features: Tensor<Double>(zeros: [0, 2]), targets: Tensor([]), classCount: 0)
  },
  BadInput(
    "Dataset(features:targets:)", "a NaN feature", "invalidArgument",
    ["Dataset", "feature 1 of example 1 is nan"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(rows: [[1, 2], [3, .nan]]), targets: Tensor(zeros: [2, 1]))
  },
  BadInput(
    "Dataset(features:targets:)", "an infinite target", "invalidArgument",
    ["Dataset", "target 0 of example 0 is inf"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor(rows: [[.infinity], [0]]))
  },
  BadInput(
    "Dataset.subset", "an index out of range", "indexOutOfRange",
    ["Tensor.gatherRows", "[9]", "[6, 2]"]
  ) { _ = try Fixture.labelled().subset([0, 9]) },
  BadInput(
    "Dataset.split(testIndices:)", "repeated test indices", "invalidArgument",
    ["Dataset.split", "repeat"]
  ) { _ = try Fixture.labelled().split(testIndices: [1, 1]) },
  BadInput(
    "Dataset.split(testIndices:)", "a test index out of range", "indexOutOfRange",
    ["Tensor.gatherRows", "[-1]"]
  ) { _ = try Fixture.labelled().split(testIndices: [-1]) },
  BadInput(
    "Dataset.replacingFeatures", "features for another example count", "shapeMismatch",
    ["Dataset", "labels of shape [2]", "[6]"]
  ) { _ = try Fixture.labelled().replacingFeatures(Tensor(zeros: [2, 2])) },
  BadInput(
    "Dataset.minibatches(size:)", "a zero batch size", "invalidArgument",
    ["Dataset.minibatches", "batch size must be ≥ 1, got 0"]
  ) { _ = try Fixture.labelled().minibatches(size: 0) },
  BadInput(
    "Dataset.minibatches(size:using:)", "a negative batch size", "invalidArgument",
    ["Dataset.minibatches", "got -4"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Fixture.labelled().minibatches(size: -4, using: &generator)
  },
  BadInput(
    "Dataset.oneHotTargets", "a regression dataset", "invalidArgument",
    ["Dataset.oneHotTargets", "no class labels"]
  ) {
    _ = try Dataset(features: Tensor<Double>(zeros: [2, 2]), targets: Tensor(zeros: [2, 1]))
      .oneHotTargets()
  },
  BadInput(
    "Standardizer(fitting:)", "no examples", "shapeMismatch",
    ["Standardizer", "non-empty matrix", "[0, 3]"]
  ) { _ = try Standardizer(fitting: Tensor<Double>(zeros: [0, 3])) },
  BadInput(
    "Standardizer(fitting:)", "a NaN feature", "nonFinite",
    ["Standardizer(fitting:)", "feature 1 of example 0"]
  ) { _ = try Standardizer(fitting: Tensor<Double>(rows: [[1, .nan], [2, 3]])) },
  BadInput(
    "Standardizer(mean:standardDeviation:)", "a zero deviation", "invalidArgument",
    ["Standardizer", "feature 1", "0.0"]
  ) { _ = try Standardizer(mean: Tensor<Double>([0, 0]), standardDeviation: Tensor([1, 0])) },
  BadInput(
    "Standardizer(mean:standardDeviation:)", "mismatched lengths", "shapeMismatch",
    ["Standardizer", "[2]", "[3]"]
  ) { _ = try Standardizer(mean: Tensor<Double>([0, 0]), standardDeviation: Tensor([1, 1, 1])) },
  BadInput(
    "Standardizer.transform", "another feature count", "shapeMismatch",
    ["Standardizer.transform", "[examples, 2]", "[4, 3]"]
  ) {
    let scaler = try Standardizer(mean: Tensor<Double>([0, 0]), standardDeviation: Tensor([1, 1]))
    _ = try scaler.transform(Tensor(zeros: [4, 3]))
  },
  BadInput(
    "CSVTable(parsing:source:)", "a non-numeric cell", "malformedData", ["table.csv", "line 2"]
  ) { _ = try CSVTable(parsing: "a,b\n1,x\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "a row with too few cells", "malformedData",
    ["table.csv", "line 3"]
  ) { _ = try CSVTable(parsing: "a,b\n1,2\n3\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "a NaN cell", "malformedData",
    ["table.csv", "line 2, column 1 (a)", "not a finite number"]
  ) { _ = try CSVTable(parsing: "a,b\nnan,1\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "a number beyond Double", "malformedData",
    ["table.csv", "1e400", "beyond the range of a Double"]
  ) { _ = try CSVTable(parsing: "a,b\n1e400,1\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "two columns of one name", "malformedData",
    ["table.csv", "line 1, column 2", "also the name of column 1"]
  ) { _ = try CSVTable(parsing: "a,a\n1,2\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "an empty line between rows", "malformedData",
    ["table.csv", "line 3", "empty lines are allowed only at the end"]
  ) { _ = try CSVTable(parsing: "a,b\n1,2\n\n3,4\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "a first line of numbers (no header)", "malformedData",
    ["table.csv", "line 1", "the header line is missing"]
  ) { _ = try CSVTable(parsing: "1,2\n3,4\n", source: "table.csv") },
  BadInput(
    "CSVTable.classificationDataset", "a header and no rows", "malformedData",
    ["table.csv", "no data rows"]
  ) {
    let table = try CSVTable(parsing: "a,label\n", source: "table.csv")
    let _: Dataset<Float> = try table.classificationDataset(labelColumn: "label")
  },
  BadInput(
    "CSVTable.classificationDataset", "a value beyond Float for a Float dataset",
    "malformedData", ["table.csv", "line 2, column 1 (a)", "beyond the range of Float"]
  ) {
    let table = try CSVTable(parsing: "a,label\n1e39,0\n", source: "table.csv")
    let _: Dataset<Float> = try table.classificationDataset(labelColumn: "label")
  },
  BadInput(
    "CSVRowReader.nextRow(into:)", "a ragged row", "malformedData",
    ["table.csv", "line 2", "expected 2 fields"]
  ) {
    let reader = try CSVRowReader(parsing: "a,b\n1,2,3\n", source: "table.csv")
    _ = try reader.nextRow()
  },
  BadInput(
    "CSVTable.classificationDataset", "an unknown label column", "invalidArgument",
    ["label"]
  ) {
    let table = try CSVTable(parsing: "a,b\n1,2\n", source: "table.csv")
    let _: Dataset<Double> = try table.classificationDataset(labelColumn: "label")
  },
  BadInput(
    "IDXArray(parsing:source:)", "a truncated header", "malformedData", ["images.idx"]
  ) { _ = try IDXArray(parsing: [0, 0, 8], source: "images.idx") },
  BadInput(
    "MNIST.load(from:)", "a directory without IDX files", "malformedData", ["train-images"]
  ) {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gatekit-error-catalog-empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let _: (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: directory)
  },
]

/// Bad checkpoints (GateKitCheckpoints).
let checkpointBadInputs: [BadInput] = [
  BadInput(
    "Gate.loadParameters(from:)", "a missing file", "malformedData", ["no-such-file.safetensors"]
  ) {
    var model = try Fixture.dense()
    try model.loadParameters(from: URL(fileURLWithPath: "/nonexistent/no-such-file.safetensors"))
  },
  BadInput(
    "Gate.loadParameters(from:)", "a text file", "malformedData", ["safetensors"]
  ) {
    let url = try temporaryFile("notes.safetensors", Data("just some text\n".utf8))
    defer { try? FileManager.default.removeItem(at: url) }
    var model = try Fixture.dense()
    try model.loadParameters(from: url)
  },
  BadInput(
    "Gate.loadParameters(from:source:)", "a weight of another shape", "shapeMismatch",
    ["loadParameters(from: other)", "weight", "[3, 2]", "[4, 2]"]
  ) {
    var model = try Fixture.dense()
    try model.loadParameters(from: Fixture.dense(4, 2).parameterArchive(), source: "other")
  },
  BadInput(
    "Gate.loadParameters(from:source:)", "an archive without a parameter", "malformedData",
    ["partial", "tensor 'bias'", "missing"]
  ) {
    var archive = try Fixture.dense().parameterArchive()
    archive.tensors["bias"] = nil
    var model = try Fixture.dense()
    try model.loadParameters(from: archive, source: "partial")
  },
  BadInput(
    "Gate.loadParameters(from:source:)", "an archive with an extra tensor", "malformedData",
    ["extended", "tensor 'extra'", "no parameter of this name"]
  ) {
    var archive = try Fixture.dense().parameterArchive()
    archive.tensors["extra"] = SafetensorsArchive.Entry(Tensor<Double>([1]))
    var model = try Fixture.dense()
    try model.loadParameters(from: archive, source: "extended")
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "the state of another optimizer", "invalidArgument",
    ["SGD.loadState(from: adam.state)", "the state of Adam"]
  ) {
    let model = try Fixture.dense()
    var sgd = try SGD<Double>(learningRate: 0.1)
    try sgd.loadState(from: Adam<Double>().stateArchive(), source: "adam.state", for: model)
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "a negative step", "malformedData",
    ["state", "'step'", "non-negative"]
  ) {
    let model = try Fixture.dense()
    var archive = try Adam<Double>().stateArchive()
    archive.metadata["step"] = "-3"
    var adam = try Adam<Double>()
    try adam.loadState(from: archive, source: "state", for: model)
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "a NaN learning rate", "malformedData",
    ["'learning_rate'", "finite"]
  ) {
    let model = try Fixture.dense()
    var archive = try Adam<Double>().stateArchive()
    archive.metadata["learning_rate"] = "nan"
    var adam = try Adam<Double>()
    try adam.loadState(from: archive, source: "state", for: model)
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "state of a parameter the model lacks",
    "invalidArgument", ["'decoder.weight.m'", "no parameter"]
  ) {
    let model = try Fixture.dense()
    var archive = try Adam<Double>().stateArchive()
    archive.tensors["decoder.weight.m"] = SafetensorsArchive.Entry(Tensor<Double>([1]))
    var adam = try Adam<Double>()
    try adam.loadState(from: archive, source: "state", for: model)
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "state of another shape", "shapeMismatch",
    ["weight.m", "[3, 2]", "[2]"]
  ) {
    let model = try Fixture.dense()
    var archive = try Adam<Double>().stateArchive()
    archive.tensors["weight.m"] = SafetensorsArchive.Entry(Tensor<Double>([1, 2]))
    var adam = try Adam<Double>()
    try adam.loadState(from: archive, source: "state", for: model)
  },
  BadInput(
    "SafetensorsArchive(decoding:source:)", "a header length past the end", "malformedData",
    ["bad.safetensors"]
  ) {
    _ = try SafetensorsArchive(
      decoding: Data([0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0x7B]), source: "bad.safetensors")
  },
]

/// Bad training runs (GateKitTraining).
let trainingBadInputs: [BadInput] = [
  BadInput(
    "Trainer.fit", "an empty training set", "invalidArgument",
    ["Trainer.fit", "the training set is empty"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(
      Fixture.labelled().subset([]), configuration: .init(epochs: 1, batchSize: 2))
  },
  BadInput(
    "Trainer.fit", "an empty validation set", "invalidArgument",
    ["Trainer.fit", "the validation set is empty"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(
      Fixture.labelled(), validation: Fixture.labelled().subset([]),
      configuration: .init(epochs: 1, batchSize: 2))
  },
  BadInput(
    "Trainer.evaluate", "an empty dataset", "invalidArgument",
    ["Trainer.evaluate", "the dataset is empty"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.evaluate(Fixture.labelled().subset([]))
  },
  BadInput(
    "Trainer.predict", "a zero batch size", "invalidArgument",
    ["Trainer.predict", "batch size must be ≥ 1, got 0"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.predict(Tensor(zeros: [3, 2]), batchSize: 0)
  },
  BadInput(
    "Trainer.fit", "zero epochs", "invalidArgument",
    ["TrainingConfiguration", "epochs must be ≥ 1, got 0"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(Fixture.labelled(), configuration: .init(epochs: 0, batchSize: 2))
  },
  BadInput(
    "Trainer.fit", "a negative batch size", "invalidArgument",
    ["TrainingConfiguration", "batch size must be ≥ 1, got -1"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(Fixture.labelled(), configuration: .init(epochs: 1, batchSize: -1))
  },
  BadInput(
    "Trainer.fit", "a zero batch size", "invalidArgument",
    ["TrainingConfiguration", "batch size must be ≥ 1, got 0"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(Fixture.labelled(), configuration: .init(epochs: 1, batchSize: 0))
  },
  BadInput(
    "Trainer.fit", "a NaN gradient clip norm", "invalidArgument",
    ["TrainingConfiguration", "clip norm", "nan"]
  ) {
    var trainer = try Fixture.trainer()
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.gradientClipNorm = .nan
    _ = try trainer.fit(Fixture.labelled(), configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "early-stopping patience 0", "invalidArgument",
    ["TrainingConfiguration", "patience"]
  ) {
    var trainer = try Fixture.trainer()
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.earlyStopping = EarlyStopping(monitor: .trainingLoss, patience: 0)
    _ = try trainer.fit(Fixture.labelled(), configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "early stopping on validation loss without a validation set",
    "invalidArgument", ["Trainer.fit", "validation set"]
  ) {
    var trainer = try Fixture.trainer()
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.earlyStopping = EarlyStopping()
    _ = try trainer.fit(Fixture.labelled(), configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "an infinite accuracy threshold", "invalidArgument",
    ["TrainingConfiguration", "threshold"]
  ) {
    var trainer = try Fixture.trainer()
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.accuracy = .threshold(.infinity)
    _ = try trainer.fit(Fixture.labelled(), configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "data with another feature count than the model", "shapeMismatch",
    ["Dense(2 → 4)", "[batch, 2]", "[2, 5]"]
  ) {
    var trainer = try Fixture.trainer()
    let data = try Dataset(
      features: Tensor<Double>(zeros: [2, 5]), targets: Tensor([0, 1]), classCount: 3)
    _ = try trainer.fit(data, configuration: .init(epochs: 1, batchSize: 2))
  },
  BadInput(
    "Trainer.fit", "more classes in the data than model outputs", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label 4.0", "0..<3"]
  ) {
    var trainer = try Fixture.trainer()
    let data = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor([0, 4]), classCount: 5)
    _ = try trainer.fit(data, configuration: .init(epochs: 1, batchSize: 2))
  },
  BadInput(
    "Trainer.fit", "one-hot targets for a regression dataset", "invalidArgument",
    ["Dataset.oneHotTargets", "no class labels"]
  ) {
    var trainer = try Fixture.trainer()
    let data = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor(zeros: [2, 3]))
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.targetEncoding = .oneHot
    _ = try trainer.fit(data, configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "a learning rate that makes the loss diverge", "nonFinite",
    ["training", "epoch 1"]
  ) {
    var trainer = Trainer(
      model: try Fixture.classifier(), loss: SoftmaxCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: 1e300))
    _ = try trainer.fit(Fixture.labelled(), configuration: .init(epochs: 3, batchSize: 2))
  },
  BadInput(
    "Trainer.evaluate", "data with another feature count than the model", "shapeMismatch",
    ["Dense(2 → 4)", "[6, 3]"]
  ) {
    var trainer = try Fixture.trainer()
    let data = try Dataset(
      features: Tensor<Double>(zeros: [6, 3]), targets: Tensor(zeros: [6]), classCount: 3)
    _ = try trainer.evaluate(data)
  },
  BadInput(
    "Trainer.predict", "features of another width", "shapeMismatch", ["Dense(2 → 4)", "[1, 7]"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.predict(Tensor(zeros: [1, 7]))
  },
  BadInput(
    "Sequential.perceptron", "a single layer size", "invalidArgument",
    ["Sequential.perceptron", "[4]"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Sequential<Double>.perceptron(layerSizes: [4], activation: .relu, using: &generator)
  },
  BadInput(
    "Sequential.perceptron", "a zero layer size", "invalidArgument", ["Dense(4 → 0)"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Sequential<Double>.perceptron(
      layerSizes: [4, 0, 2], activation: .relu, using: &generator)
  },
]

@Suite("Error catalog: losses, optimizers, initializers, data, checkpoints, training")
struct ErrorCatalogTrainingTests {
  @Test(arguments: lossBadInputs)
  func loss(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitLosses", test: "ErrorCatalogTrainingTests.loss")
  }

  @Test(arguments: optimizerBadInputs)
  func optimizer(_ bad: BadInput) {
    expectCatalogued(
      bad, module: "GateKitOptimizers", test: "ErrorCatalogTrainingTests.optimizer")
  }

  @Test(arguments: initializerBadInputs)
  func initializer(_ bad: BadInput) {
    expectCatalogued(
      bad, module: "GateKitInitializers", test: "ErrorCatalogTrainingTests.initializer")
  }

  @Test(arguments: dataBadInputs)
  func data(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitData", test: "ErrorCatalogTrainingTests.data")
  }

  @Test(arguments: checkpointBadInputs)
  func checkpoint(_ bad: BadInput) {
    expectCatalogued(
      bad, module: "GateKitCheckpoints", test: "ErrorCatalogTrainingTests.checkpoint")
  }

  @Test(arguments: trainingBadInputs)
  func training(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitTraining", test: "ErrorCatalogTrainingTests.training")
  }

  /// A batch size larger than any dataset (up to `Int.max`) is one batch, not an overflow.
  @Test func hugeBatchSizeIsOneBatch() throws {
    let batches = try Fixture.labelled().minibatches(size: Int.max)
    #expect(batches.count == 1)
    #expect(Array(batches).map(\.count) == [6])
  }

  /// Fans of an absurd shape saturate instead of trapping on overflow.
  @Test func fansSaturate() {
    #expect(Fans(shape: [Int.max, Int.max, 3]).fanIn == Int.max)
    #expect(Fans(shape: [Int.max, 3, -2, 2]).fanIn == Int.min)
  }
}

/// Bad settings and inputs of the gradient checker (GateKitChecking).
let checkingBadInputs: [BadInput] = [
  BadInput(
    "GradientChecker.check", "a zero step", "invalidArgument",
    ["GradientChecker", "step", "0.0"]
  ) { _ = try GradientChecker(step: 0).check(Sigmoid<Double>(), inputs: [Tensor([1, 2])]) },
  BadInput(
    "GradientChecker.check", "a NaN tolerance", "invalidArgument",
    ["GradientChecker", "tolerance", "nan"]
  ) {
    _ = try GradientChecker(tolerance: .nan).check(
      Sigmoid<Double>(), inputs: [Tensor([1])], upstream: Tensor([1]))
  },
  BadInput(
    "GradientChecker.check", "inputs the gate rejects", "shapeMismatch",
    ["Dense(3 → 2)", "[2, 4]"]
  ) { _ = try GradientChecker().check(Fixture.dense(), inputs: [Tensor(zeros: [2, 4])]) },
]

@Suite("Error catalog: gradient checking")
struct ErrorCatalogCheckingTests {
  @Test(arguments: checkingBadInputs)
  func checking(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitChecking", test: "ErrorCatalogCheckingTests.checking")
  }
}
