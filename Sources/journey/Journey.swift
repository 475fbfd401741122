import ArgumentParser
import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender
import Synchronization

@main
struct Journey: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "journey",
    abstract: "Customer-journey reports from clickstream and analytics exports.",
    discussion: """
      Streams gzipped or plain event logs (files, folders, or standard input), sessionizes \
      each user's events, labels them with journey stages by the rules of a YAML config, and \
      reports funnel drop-off, stage transitions and top paths.

      Examples:
        journey inspect exports/day-01.ndjson.gz
        journey init --preset segment > shop.yaml
        journey report -c shop.yaml exports/ -o funnel.html -o funnel.json
        zcat day-*.gz | journey report -c shop.yaml -
        journey report --preset rees46 2019-Oct.csv.gz
        journey compare last-week.json this-week.json -o compare.html

      Exit status: 0 success, 1 usage or config error, 2 input error,
      3 too many bad records (--max-bad-ratio), 4 a --fail-if gate failed
      (after every output is written), 130 interrupted (SIGINT), 143 SIGTERM,
      129 SIGHUP, 141 standard output closed by its reader (SIGPIPE).
      """,
    version: "journey \(JourneyVersion.number) (inflate: \(JourneyVersion.inflater))",
    subcommands: [
      ReportCommand.self, MergeCommand.self, CompareCommand.self, SessionsCommand.self, ClassifyCommand.self, InspectCommand.self,
      KeysCommand.self,
      InitCommand.self, ValidateCommand.self,
    ],
    defaultSubcommand: nil)

  /// Runs the command, mapping errors to SPEC §6's exit statuses instead of ArgumentParser's 64.
  static func main() {
    Signals.install()
    do {
      try refuseUnknownSubcommand(Array(CommandLine.arguments.dropFirst()))
      var command = try parseAsRoot()
      try command.run()
    } catch let error as JourneyError {
      TemporaryFiles.removeAll()
      Diagnostics.error(error.description)
      Self.exit(withError: ExitCode(error.exitStatus))
    } catch let error as ExitCode {
      Self.exit(withError: error)
    } catch {
      TemporaryFiles.removeAll()
      let code = exitCode(for: error)
      if code == .success || code == .validationFailure || code.rawValue == 64 {
        if code == .success {
          Self.exit(withError: error)
        }
        Diagnostics.raw(fullMessage(for: error))
        Self.exit(withError: ExitCode(1))
      }
      Self.exit(withError: error)
    }
  }
}

extension Journey {
  /// The names a first argument may be: every subcommand, and `help`.
  static var subcommandNames: [String] {
    configuration.subcommands.map { $0._commandName } + ["help"]
  }

  /// A first argument that is no subcommand and no option is a misspelt subcommand (`journey reprot
  /// --preset x`): say so, with the closest name, instead of the parser's complaint about the
  /// options that follow it ("Unknown option '--preset'").
  static func refuseUnknownSubcommand(_ arguments: [String]) throws(JourneyError) {
    guard let first = arguments.first, !first.hasPrefix("-"), !subcommandNames.contains(first) else { return }
    let names = subcommandNames.filter { $0 != "help" }
    throw JourneyError(
      kind: .usage,
      message: "unknown subcommand '\(first)'\(Suggestion.hint(for: first, in: names)); subcommands are: \(names.joined(separator: ", "))")
  }
}

/// One voice on stderr (STYLE §5): `Error: …` for fatal errors, `file:line: warning: …` for records.
enum Diagnostics {
  static let lock = Mutex(())

  static func error(_ message: String) {
    raw("Error: \(message)")
  }

  static func warning(_ message: String) {
    raw(message)
  }

  static func raw(_ message: String) {
    lock.withLock { _ in
      Progress.clearLine()
      // Messages quote the data (file names, excerpts, values): nothing from it reaches the terminal raw.
      let safe = TerminalText.escape(message, keepingNewlines: true)
      OutputFile.writeToStandardError(safe.hasSuffix("\n") ? safe : safe + "\n")
    }
  }
}
