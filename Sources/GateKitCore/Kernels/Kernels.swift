import GateKitKernels

/// Settings of the compute kernels: which implementation runs and how many threads a
/// large matrix product may use. They apply process-wide.
///
/// ```swift
/// Kernels.threadCount = 1                 // single-threaded, for example in a server
/// Kernels.implementation = .portable      // the portable code, for a test
/// ```
public enum Kernels {
  /// A set of kernel implementations.
  public enum Implementation: Sendable, Hashable, CaseIterable {
    /// The fastest the CPU supports (the default).
    case automatic
    /// Portable C and Swift, for any CPU.
    case portable
    /// AVX2 and FMA on x86-64 (falls back to portable where unsupported).
    case avx2

    /// The C kernels' constant for this implementation.
    fileprivate var level: Int32 {
      switch self {
      case .automatic: Int32(GK_KERNELS_AUTOMATIC)
      case .portable: Int32(GK_KERNELS_PORTABLE)
      case .avx2: Int32(GK_KERNELS_AVX2)
      }
    }
  }

  /// The requested implementation; ``activeImplementation`` says which one runs.
  public static var implementation: Implementation {
    get {
      switch gk_kernel_level() {
      case Int32(GK_KERNELS_AVX2): .avx2
      default: .portable
      }
    }
    set { _ = gk_set_kernel_level(newValue.level) }
  }

  /// Runs `body` with the given implementation on the calling thread only (the
  /// process-wide ``implementation`` is untouched, so code running concurrently on other
  /// threads is not affected); matrix products that `body` splits across threads use it
  /// in every part. `body` must not suspend or move to another thread.
  ///
  /// ```swift
  /// let reference = Kernels.withImplementation(.portable) { try? matmul(a, b) }
  /// ```
  ///
  /// - Parameters:
  ///   - implementation: The implementation to use.
  ///   - body: The work.
  /// - Returns: What `body` returns.
  /// - Throws: What `body` throws.
  public static func withImplementation<T>(
    _ implementation: Implementation, _ body: () throws -> T
  ) rethrows -> T {
    let previous = gk_set_thread_kernel_level(implementation.level)
    defer { _ = gk_set_thread_kernel_level(previous) }
    return try body()
  }

  /// The implementation that runs: `.avx2` or `.portable`.
  public static var activeImplementation: Implementation { implementation }

  /// Whether this CPU and operating system support the AVX2 + FMA kernels.
  public static var cpuSupportsAVX2: Bool { gk_cpu_supports_avx2() != 0 }

  /// The number of threads a large matrix product may use (default: the number of
  /// online processors). Results are bit-identical for every thread count.
  public static var threadCount: Int {
    get { Int(gk_thread_count()) }
    set { gk_set_thread_count(Int32(clamping: newValue)) }
  }

  /// The smallest matrix product, in floating-point operations `2·m·n·k`, that is split
  /// across threads (default 4,000,000, measured: below it starting threads costs more
  /// than it saves on 2 cores).
  public static var parallelThreshold: Int {
    get { gk_parallel_threshold() }
    set { gk_set_parallel_threshold(newValue) }
  }
}
