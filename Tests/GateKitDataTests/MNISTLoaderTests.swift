import Foundation
import GateKitCore
import GateKitData
import GateKitTestSupport
import Testing

/// A scratch MNIST directory: 5 training images written raw (images 0…4 of the fixture
/// formula, labels 5, 0, 4, 1, 9) and the 3-image test set copied from the gzip fixtures
/// (labels 7, 2, 1).
private struct FakeMNIST {
  static let trainLabels: [UInt8] = [5, 0, 4, 1, 9]

  let directory: URL

  init() throws {
    directory = try makeScratchDirectory()
    try write(
      idxBytes(shape: [5, 28, 28], payload: IDXFixture.pixels(images: 5)),
      to: "train-images-idx3-ubyte")
    try write(idxBytes(shape: [5], payload: Self.trainLabels), to: "train-labels-idx1-ubyte")
    try FileManager.default.copyItem(
      at: IDXFixture.url("idx-images-3x28x28", extension: "gz"),
      to: url("t10k-images-idx3-ubyte.gz"))
    try FileManager.default.copyItem(
      at: IDXFixture.url("idx-labels-3", extension: "gz"), to: url("t10k-labels-idx1-ubyte.gz"))
  }

  func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

  func write(_ bytes: [UInt8], to name: String) throws {
    try Data(bytes).write(to: url(name))
  }

  func remove() { try? FileManager.default.removeItem(at: directory) }
}

@Suite("MNIST loader")
struct MNISTLoaderTests {
  @Test func fakeDirectoryLoadsFlattenedScaledImagesAndLabels() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    let (train, test): (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: mnist.directory)

    #expect(train.features.shape == [5, 784])
    #expect(test.features.shape == [3, 784])
    #expect(train.targets.shape == [5])
    #expect(train.labels == [5, 0, 4, 1, 9])
    #expect(test.labels == [7, 2, 1])
    #expect(train.classCount == 10)
    #expect(test.classCount == 10)

    let expectedTrain = try Tensor<Double>(
      shape: [5, 784], scalars: IDXFixture.pixels(images: 5).map { Double($0) / 255 })
    let expectedTest = try Tensor<Double>(
      shape: [3, 784], scalars: IDXFixture.pixels(images: 3).map { Double($0) / 255 })
    // Tolerance: Float(p) · Float(1/255) is within two Float roundings (2 · 2⁻²⁴ ≈ 1.2e-7) of
    // p/255 ≤ 1.
    #expect(maxDifference(Tensor<Double>(train.features), expectedTrain) <= 1.2e-7)
    #expect(maxDifference(Tensor<Double>(test.features), expectedTest) <= 1.2e-7)
    // Row-major flattening: feature 28·r + c of example i is pixel (i, r, c).
    let pixel = Float(IDXFixture.pixel(image: 3, row: 5, column: 7))
    #expect(try train.features[3, 28 * 5 + 7] == pixel * Float(1.0 / 255))
  }

  @Test func doublePrecisionLoadScalesByOneOver255() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    let (train, test): (Dataset<Double>, Dataset<Double>) = try MNIST.load(from: mnist.directory)
    #expect(train.features.scalars == IDXFixture.pixels(images: 5).map { Double($0) * (1.0 / 255) })
    #expect(test.features.scalars == IDXFixture.pixels(images: 3).map { Double($0) * (1.0 / 255) })
    #expect(train.features.scalars.allSatisfy { (0...1).contains($0) })
  }

  @Test func rawFileIsPreferredOverItsGzipCopy() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    // A .gz next to the raw labels that would fail to parse if it were read.
    try mnist.write([0x1F, 0x8B, 0, 0], to: "train-labels-idx1-ubyte.gz")
    let (train, _): (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: mnist.directory)
    #expect(train.labels == [5, 0, 4, 1, 9])
  }

  @Test(
    "A missing file is named with both spellings looked for",
    arguments: [
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte",
    ])
  func missingFileThrows(name: String) throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    try? FileManager.default.removeItem(at: mnist.url(name))
    try? FileManager.default.removeItem(at: mnist.url(name + ".gz"))
    #expect(
      throws: GateKitError.malformedData(
        source: mnist.url(name).path, location: "file",
        reason: "not found (looked for \(name) and \(name).gz)")
    ) {
      let _: (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: mnist.directory)
    }
  }

  @Test func labelAboveNineIsRejectedWithItsIndexAndByteOffset() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    try mnist.write(idxBytes(shape: [5], payload: [5, 0, 10, 1, 9]), to: "train-labels-idx1-ubyte")
    #expect(
      throws: GateKitError.malformedData(
        source: mnist.url("train-labels-idx1-ubyte").path, location: "label 2 (byte 10)",
        reason: "label 10 is not a digit class 0...9")
    ) {
      let _: (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: mnist.directory)
    }
  }

  @Test func imageAndLabelCountsThatDifferAreRejected() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    try mnist.write(idxBytes(shape: [4], payload: [5, 0, 4, 1]), to: "train-labels-idx1-ubyte")
    #expect(
      throws: GateKitError.malformedData(
        source: mnist.url("train-labels-idx1-ubyte").path, location: "header",
        reason:
          "expected 5 labels, one per image of train-images-idx3-ubyte [5, 28, 28], found 4")
    ) {
      let _: (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: mnist.directory)
    }
  }

  @Test func imagesAndLabelsWithSwappedRanksAreRejected() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    try mnist.write(
      idxBytes(shape: [5, 784], payload: IDXFixture.pixels(images: 5)),
      to: "train-images-idx3-ubyte")
    #expect(
      throws: GateKitError.malformedData(
        source: mnist.url("train-images-idx3-ubyte").path, location: "header",
        reason: "expected images of rank 3, found rank 2 [5, 784]")
    ) {
      let _: (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: mnist.directory)
    }
  }

  // MARK: One images file and one labels file

  @Test func imageAndLabelFilesLoadAsOneDataset() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    let test: Dataset<Float> = try MNIST.load(
      images: mnist.url("t10k-images-idx3-ubyte.gz"), labels: mnist.url("t10k-labels-idx1-ubyte.gz")
    )
    #expect(test.features.shape == [3, 784])
    #expect(test.labels == [7, 2, 1])
    #expect(test.classCount == 10)
    let (_, fromDirectory): (Dataset<Float>, Dataset<Float>) = try MNIST.load(
      from: mnist.directory)
    #expect(test.features == fromDirectory.features)
  }

  @Test func labelsGivenAsImagesAreNamed() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    let labels = mnist.url("train-labels-idx1-ubyte")
    #expect(
      throws: GateKitError.malformedData(
        source: labels.path, location: "header",
        reason: "expected images of rank 3, found rank 1 [5]")
    ) {
      let _: Dataset<Float> = try MNIST.load(
        images: labels, labels: mnist.url("train-images-idx3-ubyte"))
    }
  }

  @Test func imagesGivenAsLabelsAreNamed() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    let images = mnist.url("t10k-images-idx3-ubyte.gz")
    #expect(
      throws: GateKitError.malformedData(
        source: images.path, location: "header",
        reason: "expected labels of rank 1, found rank 3 [3, 28, 28]")
    ) {
      let _: Dataset<Float> = try MNIST.load(images: images, labels: images)
    }
  }

  @Test func labelsOfTheOtherSetAreACountMismatchNamingTheLabels() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    let labels = mnist.url("t10k-labels-idx1-ubyte.gz")
    #expect(
      throws: GateKitError.malformedData(
        source: labels.path, location: "header",
        reason:
          "expected 5 labels, one per image of train-images-idx3-ubyte [5, 28, 28], found 3")
    ) {
      let _: Dataset<Float> = try MNIST.load(
        images: mnist.url("train-images-idx3-ubyte"), labels: labels)
    }
  }

  @Test func labelTenNamesTheLabelsFile() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    try mnist.write(idxBytes(shape: [5], payload: [5, 0, 4, 1, 10]), to: "labels")
    #expect(
      throws: GateKitError.malformedData(
        source: mnist.url("labels").path, location: "label 4 (byte 12)",
        reason: "label 10 is not a digit class 0...9")
    ) {
      let _: Dataset<Float> = try MNIST.load(
        images: mnist.url("train-images-idx3-ubyte"), labels: mnist.url("labels"))
    }
  }

  @Test func imagesWithAnEmptySideAreNamed() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    try mnist.write(idxBytes(shape: [5, 28, 0], payload: []), to: "images")
    #expect(
      throws: GateKitError.malformedData(
        source: mnist.url("images").path, location: "header",
        reason: "image size 28 × 0 is not valid")
    ) {
      let _: Dataset<Float> = try MNIST.load(
        images: mnist.url("images"), labels: mnist.url("train-labels-idx1-ubyte"))
    }
  }

  @Test func malformedImageFileErrorNamesTheFile() throws {
    let mnist = try FakeMNIST()
    defer { mnist.remove() }
    try mnist.write([0, 0, 0x08, 3, 0, 0, 0, 5], to: "train-images-idx3-ubyte")
    #expect(
      throws: GateKitError.malformedData(
        source: mnist.url("train-images-idx3-ubyte").path, location: "byte 8",
        reason: "the file ends inside the header (16 bytes for 3 dimensions)")
    ) {
      let _: (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: mnist.directory)
    }
  }

  /// The real MNIST files, when this machine has them. `MNIST.load` on the full set takes
  /// about 6.5 s in a debug build (inflating 55 MB), so this reads only the two label files
  /// and the test images (about 0.3 s); the class counts are those of `manifest.json`.
  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: "/work/shared/data/mnist"),
      "needs MNIST in /work/shared/data/mnist"))
  func realMNISTFilesHaveTheOfficialCounts() throws {
    let directory = URL(fileURLWithPath: "/work/shared/data/mnist")
    func classCounts(_ labels: IDXArray) -> [Int] {
      (0..<10).map { digit in labels.bytes.count(where: { $0 == digit }) }
    }
    let trainLabels = try IDXArray(
      contentsOf: directory.appendingPathComponent("train-labels-idx1-ubyte.gz"))
    #expect(trainLabels.shape == [60_000])
    #expect(
      classCounts(trainLabels) == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
    let testLabels = try IDXArray(
      contentsOf: directory.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
    #expect(testLabels.shape == [10_000])
    #expect(classCounts(testLabels) == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    let testImages = try IDXArray(
      contentsOf: directory.appendingPathComponent("t10k-images-idx3-ubyte.gz"))
    #expect(testImages.shape == [10_000, 28, 28])
  }
}
