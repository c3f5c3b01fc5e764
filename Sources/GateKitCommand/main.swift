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

var arguments = Arguments(Array(CommandLine.arguments.dropFirst(2)))
let command = CommandLine.arguments.dropFirst().first
do {
  switch command {
  case "train": exit(try TrainCommand.run(&arguments))
  case "evaluate": exit(try EvaluateCommand.run(&arguments))
  case "predict": exit(try PredictCommand.run(&arguments))
  case "examples": exit(try ExamplesCommand.run(&arguments))
  case "gradcheck": exit(try GradcheckCommand.run(&arguments))
  case "bench": exit(try BenchCommand.run(&arguments))
  case nil, "help", "--help", "-h": print(usage)
  case let other?: throw CommandLineError.unknownCommand(other)
  }
} catch {
  // Exit 2 even when standard error cannot take the line (closed, full).
  try? FileHandle.standardError.write(contentsOf: Data("gatekit: error: \(error)\n".utf8))
  exit(2)
}
