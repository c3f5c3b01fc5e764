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
  ///   or malformed file, or counts that disagree between images and labels.
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
    let imageFile = try locate(images, in: directory)
    let labelFile = try locate(labels, in: directory)
    let pixels = try IDXArray(contentsOf: imageFile)
    let classes = try IDXArray(contentsOf: labelFile)
    guard pixels.shape.count == 3, classes.shape.count == 1, pixels.shape[0] == classes.shape[0]
    else {
      throw GateKitError.malformedData(
        source: imageFile.path, location: "header",
        reason:
          "images \(pixels.shape) and labels \(classes.shape) (\(labelFile.lastPathComponent)) do not match"
      )
    }
    if let bad = classes.bytes.firstIndex(where: { $0 > 9 }) {
      throw GateKitError.malformedData(
        source: labelFile.path, location: "label \(bad) (byte \(8 + bad))",
        reason: "label \(classes.bytes[bad]) is not a digit class 0...9")
    }
    let (pixelsPerImage, overflow) = pixels.shape[1].multipliedReportingOverflow(
      by: pixels.shape[2])
    guard !overflow, pixels.shape[1] > 0, pixels.shape[2] > 0 else {
      throw GateKitError.malformedData(
        source: imageFile.path, location: "header",
        reason: "image size \(pixels.shape[1]) × \(pixels.shape[2]) is not valid")
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
