import Foundation
import GateKitCore

/// Loading MNIST-layout datasets (MNIST, Fashion-MNIST) from a directory of IDX files.
public enum MNIST {
  /// The training and test sets from `directory`, which holds
  /// `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and
  /// `t10k-labels-idx1-ubyte`, each raw or with a `.gz` suffix. Images are flattened to
  /// rows × columns features (784 for MNIST's 28 × 28) and scaled by 1/255; labels are the
  /// 10 classes.
  ///
  /// ```swift
  /// let (train, test): (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: directory)
  /// ```
  ///
  /// - Parameter directory: The directory of the four files.
  /// - Returns: The official 60,000-example training set and 10,000-example test set.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` for a missing
  ///   or malformed file, or one that does not fit its role (see
  ///   ``load(images:labels:)``).
  public static func load<Scalar: TensorScalar>(
    from directory: URL
  ) throws -> (train: Dataset<Scalar>, test: Dataset<Scalar>) {
    (
      try load(images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte", in: directory),
      try load(images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte", in: directory)
    )
  }

  private static func load<Scalar: TensorScalar>(
    images: String, labels: String, in directory: URL
  ) throws -> Dataset<Scalar> {
    try load(images: try locate(images, in: directory), labels: try locate(labels, in: directory))
  }

  /// One MNIST-layout dataset from an images file and a labels file, each raw or
  /// gzip-compressed (read with ``IDXArray/init(contentsOf:)``). Images are flattened to
  /// rows × columns features and scaled by 1/255; labels are the 10 classes.
  ///
  /// Each file is checked for its role, so that swapped or mismatched files are named:
  /// the images must be an array of rank 3 (count × rows × columns, both sides at least
  /// 1), the labels one of rank 1 with one label per image, each label 0...9. Both are
  /// unsigned bytes, the only IDX type ``IDXArray`` reads.
  ///
  /// ```swift
  /// let test: Dataset<Float> = try MNIST.load(
  ///   images: directory.appending(path: "t10k-images-idx3-ubyte.gz"),
  ///   labels: directory.appending(path: "t10k-labels-idx1-ubyte.gz"))
  /// ```
  ///
  /// - Parameters:
  ///   - images: The images file.
  ///   - labels: The labels file.
  /// - Returns: The examples, in the files' order.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming
  ///   the file at fault, and saying what was expected and what was found: for an
  ///   unreadable or malformed file, a file of the wrong rank (`expected labels of rank 1,
  ///   found rank 3 [60000, 28, 28]`), a label count that differs from the image count or
  ///   a label above 9.
  public static func load<Scalar: TensorScalar>(
    images: URL, labels: URL
  ) throws -> Dataset<Scalar> {
    let pixels = try IDXArray(contentsOf: images)
    guard pixels.shape.count == 3 else {
      throw GateKitError.malformedData(
        source: images.path, location: "header",
        reason:
          "expected images of rank 3, found rank \(pixels.shape.count) \(pixels.shape)")
    }
    let (pixelsPerImage, overflow) = pixels.shape[1].multipliedReportingOverflow(
      by: pixels.shape[2])
    guard !overflow, pixels.shape[1] > 0, pixels.shape[2] > 0 else {
      throw GateKitError.malformedData(
        source: images.path, location: "header",
        reason: "image size \(pixels.shape[1]) × \(pixels.shape[2]) is not valid")
    }
    let classes = try IDXArray(contentsOf: labels)
    guard classes.shape.count == 1 else {
      throw GateKitError.malformedData(
        source: labels.path, location: "header",
        reason:
          "expected labels of rank 1, found rank \(classes.shape.count) \(classes.shape)")
    }
    guard classes.shape[0] == pixels.shape[0] else {
      throw GateKitError.malformedData(
        source: labels.path, location: "header",
        reason:
          "expected \(pixels.shape[0]) labels, one per image of \(images.lastPathComponent) "
          + "\(pixels.shape), found \(classes.shape[0])")
    }
    if let bad = classes.bytes.firstIndex(where: { $0 > 9 }) {
      throw GateKitError.malformedData(
        source: labels.path, location: "label \(bad) (byte \(8 + bad))",
        reason: "label \(classes.bytes[bad]) is not a digit class 0...9")
    }
    let features: Tensor<Scalar> = try pixels.tensor(scale: 1.0 / 255).reshaped(
      to: [pixels.shape[0], pixelsPerImage])
    return try Dataset(features: features, targets: classes.tensor(), classCount: 10)
  }

  private static func locate(_ name: String, in directory: URL) throws -> URL {
    for candidate in [name, name + ".gz"] {
      let url = directory.appendingPathComponent(candidate)
      if FileManager.default.fileExists(atPath: url.path) { return url }
    }
    throw GateKitError.malformedData(
      source: directory.appendingPathComponent(name).path, location: "file",
      reason: "not found (looked for \(name) and \(name).gz)")
  }
}
