import Foundation

// The `gatekit` command: subcommand dispatch, one-line errors, exit statuses
// 0 (success), 1 (a check failed) and 2 (a usage or runtime error).

let usage = """
  usage: gatekit <command> [options]

  commands:
    \(TrainCommand.usage)
    \(EvaluateCommand.usage)
    \(PredictCommand.usage)
    \(ExamplesCommand.usage)
    \(BenchCommand.usage)
    \(GradcheckCommand.usage)
    gatekit help                 this text
  """

Console.holdClosedStreams()
var arguments = Arguments(Array(CommandLine.arguments.dropFirst(2)))
let command = CommandLine.arguments.dropFirst().first
do {
  let status: Int32
  switch command {
  case "train": status = try TrainCommand.run(&arguments)
  case "evaluate": status = try EvaluateCommand.run(&arguments)
  case "predict": status = try PredictCommand.run(&arguments)
  case "examples": status = try ExamplesCommand.run(&arguments)
  case "gradcheck": status = try GradcheckCommand.run(&arguments)
  case "bench": status = try BenchCommand.run(&arguments)
  case nil, "help", "--help", "-h":
    try Console.standardOutput.line(usage)
    status = 0
  case let other?: throw CommandLineError.unknownCommand(other)
  }
  try Console.standardOutput.flush()
  exit(status)
} catch {
  // Exit 2 even when standard error cannot take the line (closed, full).
  try? Console.standardError.line("gatekit: error: \(error)")
  exit(2)
}
