import ArgumentParser

/// `hotline`: the mail-and-paper side of a Mayor's Hotline Service Center.
@main
struct HotlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotline",
        abstract: "Registers citizens' mail as cases, acknowledges them, issues the formal forms to units, and keeps the case store.",
        discussion: """
            With no configuration file, hotline reads .eml files from inbox/, keeps its case store in \
            store/hotline.sqlite and writes outgoing mail into outbox/ (the embedded default).
            """,
        subcommands: [RunCommand.self, InspectCommand.self, CasesCommand.self, CaseCommand.self, IntakeLogCommand.self,
                      OutboxCommand.self, UnitsCommand.self, AssignCommand.self, ApproveRequestCommand.self,
                      SuperviseCommand.self, FormsCommand.self, ReviewCommand.self, ExtensionCommand.self,
                      ConfirmCommand.self, HoldingCommand.self, TemplatesCommand.self, BenchMailCommand.self, BenchFormsCommand.self, BenchFeedbackCommand.self, BenchClockCommand.self,
                      InitCommand.self, BenchCommand.self, ClockCommand.self, CalendarCommand.self, DueCommand.self, AnswerCommand.self, EvaluationCommand.self]
    )

    /// Exit statuses are mapped in one place (`ExitStatus`).
    static func main() { ExitStatus.run(self) }
}
