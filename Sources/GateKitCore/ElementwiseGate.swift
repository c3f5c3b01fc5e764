/// A built-in gate whose output element `i` is ``elementwiseFunction`` of input element `i`
/// alone, computed by the scalar kernels one element at a time.
///
/// The gradient checker uses it to recompute, at a probe, only the elements that the
/// perturbation changed (a perturbed weight of a dense layer changes one column of the
/// activations that follow it). It is package-internal: a gate from another package is
/// always run whole.
package protocol ElementwiseGate<Scalar>: Layer {
  /// The function applied to every element.
  var elementwiseFunction: ElementwiseFunction { get }
}
