import Foundation
import GateKit
import GateKitTestSupport
import Testing

@Suite("Element-wise activations and their local gradients")
struct ActivationGateTests {
  @Test func sigmoidReusesItsOutput() throws {
    var sigmoid = Sigmoid<Double>()
    let y = try sigmoid.forward([0, 2])
    #expect(try y[0] == 0.5)
    let dx = try sigmoid.backward([1, 1])
    let s2 = 1 / (1 + Foundation.exp(-2.0))
    #expect(try dx[0] == 0.25)  // σ(0)(1 − σ(0)) exactly
    #expect(Swift.abs(try dx[1] - s2 * (1 - s2)) < 1e-16)
  }

  @Test func tanhReusesItsOutput() throws {
    var tanh = Tanh<Double>()
    _ = try tanh.forward([0, 1])
    let dx = try tanh.backward([2, 1])
    #expect(try dx[0] == 2)  // 2 · (1 − tanh²0)
    #expect(Swift.abs(try dx[1] - (1 - Foundation.tanh(1.0) * Foundation.tanh(1.0))) < 1e-16)
  }

  /// ReLU′(0) = 0, as documented: the gradient passes only where the input was positive.
  @Test func reluPassesTheGradientOnlyForPositiveInputs() throws {
    var relu = ReLU<Double>()
    #expect(try relu.forward([-2, 0, 3]) == [0, 0, 3])
    #expect(try relu.backward([5, 5, 5]) == [0, 0, 5])
  }

  /// LeakyReLU′(x) = slope for x ≤ 0 (including the kink at 0).
  @Test func leakyReLUScalesTheGradientForNonPositiveInputs() throws {
    var leaky = LeakyReLU<Double>()
    #expect(leaky.slope == 0.01)
    #expect(try leaky.forward([-2, 0, 3]) == [-0.02, 0, 3])
    #expect(try leaky.backward([1, 1, 1]) == [0.01, 0.01, 1])
    var steep = try LeakyReLU<Double>(slope: 0.2)
    _ = try steep.forward([-1])
    #expect(try steep.backward([10]) == [2])
    #expect(steep.description == "LeakyReLU(0.2)")
  }

  @Test func absTakesTheSignAndZeroAtItsKink() throws {
    var abs = Abs<Double>()
    #expect(try abs.forward([-2, 0, 3]) == [2, 0, 3])
    #expect(try abs.backward([1, 1, 1]) == [-1, 0, 1])
  }

  @Test func reciprocalSquareExpLogAndNegate() throws {
    var reciprocal = Reciprocal<Double>()
    #expect(try reciprocal.forward([4]) == [0.25])
    #expect(try reciprocal.backward([1]) == [-0.0625])  // −1/x²
    var square = Square<Double>()
    #expect(try square.forward([-3]) == [9])
    #expect(try square.backward([1]) == [-6])  // 2x
    var exp = Exp<Double>()
    #expect(try exp.forward([0]) == [1])
    #expect(try exp.backward([2]) == [2])  // eˣ · upstream
    var log = Log<Double>()
    #expect(try log.forward([1]) == [0])
    #expect(try log.backward([1]) == [1])  // 1/x
    _ = try log.forward([4])
    #expect(try log.backward([1]) == [0.25])
    var negate = Negate<Double>()
    #expect(try negate.forward([2, -1]) == [-2, 1])
    #expect(try negate.backward([3, 4]) == [-3, -4])
  }
}
