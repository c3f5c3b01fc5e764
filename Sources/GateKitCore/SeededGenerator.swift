/// A small, fast, seedable random number generator: xoshiro256** (Blackman and Vigna,
/// 2018) with its 256-bit state filled from the seed by SplitMix64.
///
/// The same seed gives the same sequence on every machine and every Swift version, which
/// makes weight initialization and shuffling reproducible bit for bit (the standard
/// library's generators are either unseeded or free to change between releases).
///
/// ```swift
/// var generator = SeededGenerator(seed: 42)
/// let weights = Tensor<Float>.normal(shape: [64, 32], using: &generator)
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// A generator whose state is derived from `seed` by SplitMix64.
  ///
  /// - Parameter seed: Any 64-bit value; different seeds give independent-looking streams.
  public init(seed: UInt64) {
    var mixer = seed
    state = (
      Self.splitMix64(&mixer), Self.splitMix64(&mixer), Self.splitMix64(&mixer),
      Self.splitMix64(&mixer)
    )
  }

  /// The next 64 random bits.
  ///
  /// - Returns: A uniformly distributed `UInt64`.
  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, by: 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotateLeft(state.3, by: 45)
    return result
  }

  /// Whether two generators will produce the same sequence.
  ///
  /// - Parameters:
  ///   - lhs: A generator.
  ///   - rhs: Another generator.
  /// - Returns: `true` if their states are equal.
  public static func == (lhs: SeededGenerator, rhs: SeededGenerator) -> Bool {
    lhs.state == rhs.state
  }

  /// SplitMix64 (Steele, Lea and Flood, 2014): advances `x` and returns a mixed value.
  private static func splitMix64(_ x: inout UInt64) -> UInt64 {
    x &+= 0x9E37_79B9_7F4A_7C15
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
  (x << k) | (x >> (64 - k))
}
