import Foundation
import HotlineCore
import HotlineStore
import Logging

/// Builds the adapters a configuration names. The only place that knows which concrete
/// store, sources and sender are in use.
struct Wiring {
    let configuration: HotlineConfiguration
    let logger: Logger

    func store() throws -> SQLiteCaseStore {
        try SQLiteCaseStore(path: configuration.storePath)
    }

    func sources() throws -> [any MailSource] {
        if !configuration.mailboxNames.isEmpty {
            throw NotYetBuilt(description: "IMAP mailboxes are configured (\(configuration.mailboxNames.joined(separator: ", "))), "
                + "but this build reads mail folders only; IMAP intake is issue 3")
        }
        return configuration.folders.map {
            FolderMailSource(name: $0.name, role: $0.role, folder: $0.path, processedFolder: $0.processedFolder,
                             quarantineFolder: $0.quarantineFolder)
        }
    }

    func sender() throws -> any MailSender {
        if let url = configuration.smtpURL {
            throw NotYetBuilt(description: "SMTP is configured (\(url)), but this build writes mail into a folder only; SMTP is issue 3")
        }
        return FolderMailSender(folder: configuration.outboxPath)
    }

    func processor(store: any CaseStore) -> IntakeProcessor {
        IntakeProcessor(store: store, vault: FolderVault(folder: configuration.attachmentsPath),
                        settings: configuration.settings, logger: logger)
    }
}

struct NotYetBuilt: Error, CustomStringConvertible {
    var description: String
}
