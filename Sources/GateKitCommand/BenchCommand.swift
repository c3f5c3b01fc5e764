/// `gatekit bench [gemm] …`: throughput benchmarks, one JSON line per measurement with
/// `--json`, in the format of the shared reference scripts.
enum BenchCommand {
  static let usage = """
    gatekit bench [--json] [--threads N] [--configs a,b] [--repeats N] [--steps-scale F]
                                 train/infer samples/s of logreg, digits, mnist-small, mnist-mlp, wide
    gatekit bench gemm [--json] [--threads 1,2] [--shapes all|squares|mlp|a,b] [--repeats N] [--min-time S]
                                 float32 matrix-product GFLOP/s
    gatekit bench activations [--json] [--count N] [--repeats N] [--min-time S]
                                 float32 element-wise kernels, ns per element
    gatekit bench gradcheck [--json] [--repeats N] [--models tanh,relu] [--modes full,fast]
                                 seconds of a Double gradient check of a 64-128-10 MLP
    gatekit bench predict [--json] [--megabytes N] [--repeats N]
                                 'gatekit predict --input' on an N MB CSV: rows/s, first line, peak RSS
    """

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    if arguments.takeSubcommand("gemm") {
      return try GemmBenchmark.run(&arguments)
    }
    if arguments.takeSubcommand("activations") {
      return try ActivationBenchmark.run(&arguments)
    }
    if arguments.takeSubcommand("predict") {
      return try PredictBenchmark.run(&arguments)
    }
    if arguments.takeSubcommand("gradcheck") {
      return try GradcheckBenchmark.run(&arguments)
    }
    return try ModelBenchmark.run(&arguments)
  }
}
