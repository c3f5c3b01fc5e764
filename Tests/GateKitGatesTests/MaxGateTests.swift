import GateKit
import Testing

@Suite("Max routes the gradient to its winner")
struct MaxGateTests {
  @Test func routesTheGradientToTheLargerInput() throws {
    var max = Max<Double>()
    #expect(try max.forward(inputs: [4, 2]) == 4)
    #expect(try max.backward(upstream: 5) == [5, 0])
  }

  /// The documented tie rule: the first of the tied inputs wins everything.
  @Test func aTieGoesToTheFirstInputOnly() throws {
    var max = Max<Double>()
    #expect(try max.forward(inputs: [3, 3, 3]) == 3)
    #expect(try max.backward(upstream: 1) == [1, 0, 0])
  }

  @Test func tiesAreResolvedPerElement() throws {
    var max = Max<Double>()
    let a: Tensor<Double> = [1, 5, 2, 7]
    let b: Tensor<Double> = [1, 6, 2, 0]
    let c: Tensor<Double> = [0, 6, 3, 7]
    #expect(try max.forward(inputs: [a, b, c]) == [1, 6, 3, 7])
    let grads = try max.backward(upstream: [1, 1, 1, 1])
    #expect(grads[0] == [1, 0, 0, 1])  // wins the tie at 0 with b, and at 3 with c
    #expect(grads[1] == [0, 1, 0, 0])  // wins the tie at 1 with c
    #expect(grads[2] == [0, 0, 1, 0])
  }

  @Test func broadcastInputsCollectTheGradientOfEveryElementTheyWon() throws {
    var max = Max<Double>()
    let x = try Tensor<Double>(rows: [[1, 5], [3, 0]])
    let threshold: Tensor<Double> = 2
    #expect(try max.forward(inputs: [x, threshold]) == (try Tensor(rows: [[2, 5], [3, 2]])))
    let grads = try max.backward(upstream: try Tensor(rows: [[1, 10], [100, 1000]]))
    #expect(grads[0] == (try Tensor(rows: [[0, 10], [100, 0]])))
    #expect(grads[1] == 1001)
  }

  @Test func gradientsAlwaysSumToTheUpstream() throws {
    var max = Max<Double>()
    var generator = SeededGenerator(seed: 4)
    let inputs = try (0..<3).map { _ in
      try Tensor<Double>.uniform(shape: [50], low: 0, high: 3, using: &generator).map {
        $0.rounded()
      }
    }
    _ = try max.forward(inputs: inputs)  // many ties: values are 0, 1, 2 or 3
    let upstream = try Tensor<Double>.normal(shape: [50], using: &generator)
    let grads = try max.backward(upstream: upstream)
    #expect(try grads[0] + grads[1] + grads[2] == upstream)
  }
}
