import Foundation
import HotlineCore
import HotlineNet
import HotlineStore
import Logging

/// Builds the adapters a configuration names. The only place that knows which concrete
/// store, sources and sender are in use.
struct Wiring {
    let configuration: HotlineConfiguration
    let logger: Logger

    /// The SQLite store, keeping every case's clocks in each transaction (issue 11, item 4).
    func store() throws -> ClockedStore {
        ClockedStore(try SQLiteCaseStore(path: configuration.storePath), rules: try clockRules(), clock: SystemClock())
    }

    /// What the clocks are counted by: the configured table, calendar and hours in the center's zone.
    func clockRules() throws -> ClockRules {
        do {
            return try configuration.clock.clockRules(zone: configuration.settings.timeZone, batchMinutes: configuration.forms.batchMinutes)
        } catch {
            throw WiringError(description: "clock: \(error)", configuration: true)
        }
    }

    /// Folders and IMAP mailboxes. Passwords are read here, from the environment or a file.
    func sources() throws -> [any MailSource] {
        let folders: [any MailSource] = configuration.folders.map {
            FolderMailSource(name: $0.name, role: $0.role, folder: $0.path, processedFolder: $0.processedFolder,
                             quarantineFolder: $0.quarantineFolder)
        }
        return try folders + imapAccounts().map { IMAPMailSource(account: $0, logger: logger) }
    }

    func imapAccounts() throws -> [IMAPAccount] {
        try configuration.mailboxes.map { m in
            do {
                return IMAPAccount(name: m.name, role: m.role, endpoint: try IMAPEndpoint(url: m.url), user: m.user,
                                   password: try m.password.read(), caFile: m.caFile, processedFolder: m.processedFolder,
                                   quarantineFolder: m.quarantineFolder)
            } catch {
                throw WiringError(description: "mailbox \(m.name): \(error)", configuration: true)
            }
        }
    }

    /// SMTP when configured, else the outbox folder.
    func sender() throws -> any MailSender {
        guard let smtp = configuration.smtp else { return FolderMailSender(folder: configuration.outboxPath) }
        do {
            return SMTPMailSender(account: try SMTPAccount(
                url: smtp.url, ehloName: smtp.ehloName, user: smtp.user, password: try smtp.password?.read(),
                caFile: smtp.caFile, from: configuration.settings.fromAddress.address))
        } catch {
            throw WiringError(description: "smtp: \(error)", configuration: true)
        }
    }

    /// The intake processor, with the return path for units' replies (the forms schema is the
    /// program's own, so it is always there).
    func processor(store: any CaseStore) throws -> IntakeProcessor {
        IntakeProcessor(store: store, vault: FolderVault(folder: configuration.attachmentsPath),
                        settings: configuration.settings, clock: SystemClock(), logger: logger,
                        nonce: IntakeProcessor.randomNonce, returnPath: try returnPath())
    }
}

/// Something the wiring could not set up; `configuration` when the configuration is at fault (exit 64).
struct WiringError: Error, CustomStringConvertible {
    var description: String
    var configuration = false
}
