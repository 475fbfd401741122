import ArgumentParser
import JourneyPipeline

@main
struct Journey: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "journey", abstract: "Customer-journey reports from clickstream exports.")
  func run() throws {}
}
