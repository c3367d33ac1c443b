import Foundation
import HotlineCore
import HotlineDocuments
import HotlineMail
import HotlineStore
import HotlineXML

extension Wiring {
    /// The form settings of the configuration, with the center's form secret read (or, on the
    /// embedded default, created on first use).
    func formSettings() throws -> FormSettings {
        let f = configuration.forms
        let secret: [UInt8]
        do {
            if let configured = f.formSecret {
                secret = Array(try configured.read().utf8)
                guard secret.count >= 16 else {
                    throw WiringError(description: "the configured form secret has \(secret.count) bytes; 16 or more are required",
                                      configuration: true)
                }
            } else {
                secret = try CenterKeys.formSecret(path: f.formSecretDefaultPath, create: true)
            }
        } catch {
            throw WiringError(description: "center form secret: \(error)")
        }
        return FormSettings(intake: configuration.settings, centerHead: f.centerHead, replyMailbox: f.replyAddress,
                            formSecret: secret,
                            deadlines: try configuration.clock.unitDeadlines(zone: configuration.settings.timeZone),
                            batchMinutes: f.batchMinutes, approvalLeader: f.approvalLeader,
                            units: configuration.units)
    }

    /// The templates and schema, with the center's signing key.
    func formDocuments() throws -> FormDocuments {
        let f = configuration.forms
        do {
            let key = try CenterKeys.signingKey(path: f.signingKeyPath, create: !f.signingKeyConfigured)
            return try FormDocuments.load(templates: templateSource, signingKey: key, timeZone: configuration.settings.timeZone)
        } catch {
            throw WiringError(description: "forms: \(error)")
        }
    }

    /// The configured templates folder, or the templates shipped with hotline.
    var templateSource: TemplateSource {
        configuration.forms.templatesPath.map(TemplateSource.folder) ?? .shipped
    }

    /// The return path: units' replies matched to their cases and their feedback sheets checked
    /// against the program's own schema — always there, whatever the working directory.
    func returnPath() throws -> ReturnPath {
        let schema: XMLSchema
        do { schema = try ShippedForms.compiledSchema() } catch {
            throw WiringError(description: "forms: the shipped forms.xsd: \(error)")
        }
        let settings = try formSettings()
        let scanner = FaxQRScanner()
        let missing = scanner.missingTools()
        if !missing.isEmpty {
            // Not a reason to file faxes as if they had no sheet: a message with a scan waits at its source.
            logger.warning("fax scans cannot be read: missing \(missing.joined(separator: ", ")); mail with a scan in the fax and unit mailboxes waits until they are installed (scripts/install-deps.sh test)")
        }
        let reader = FeedbackDocumentReader(schema: schema, casePrefix: configuration.settings.casePrefix,
                                            timeZone: configuration.settings.timeZone, units: configuration.units,
                                            scanner: scanner, tagger: settings.tagger)
        for problem in reader.unusableKeys { logger.warning("unusable leader key", metadata: ["key": "\(problem)"]) }
        return ReturnPath(settings: settings, reader: reader)
    }

    func formDesk(store: any CaseStore) throws -> FormDesk {
        FormDesk(store: store, renderer: try formDocuments(), settings: try formSettings(), clock: SystemClock(),
                 nonce: IntakeProcessor.randomNonce)
    }

    /// The clock's pass: reminders, automatic supervision and alerts over `store` (issue 11, item 5).
    func clockPass(store: ClockedStore) throws -> ClockPass {
        let c = configuration.clock
        // The desk (the signing key, the templates) is made once, when the first sheet is due.
        let desk = LazyDesk { try formDesk(store: store) }
        return ClockPass(store: store, settings: try formSettings(), forms: { try desk.get() },
                         duty: c.dutyAddress.map { MailAddress(name: "值班", address: $0) },
                         centerHead: c.centerHeadAddress.map { MailAddress(name: configuration.forms.centerHead, address: $0) },
                         logger: logger, nonce: IntakeProcessor.randomNonce)
    }

    /// A PDF of each form beside its ODT when LibreOffice is installed; nothing (and a note in the
    /// log) when it is not or a conversion fails — the ODT is the form, the PDF a convenience.
    func convertToPDF(_ forms: [IssuedForm], folder: FormFolder) -> [String] {
        let converter = LibreOfficeConverter()
        guard converter.resolvedExecutable() != nil else {
            logger.notice("LibreOffice is not installed: no PDF written (the ODT is there)")
            return []
        }
        var written: [String] = []
        for form in forms {
            do {
                written.append(try folder.writePDF(try converter.convertToPDF(form.odt), for: form))
            } catch {
                logger.warning("no PDF for this form", metadata: ["form": "\(form.number)", "error": "\(error)"])
            }
        }
        return written
    }
}

/// Made on first use, then kept (one per `hotline run`).
final class LazyDesk: @unchecked Sendable {
    private let lock = NSLock()
    private let make: () throws -> FormDesk
    private var desk: FormDesk?

    init(_ make: @escaping () throws -> FormDesk) { self.make = make }

    func get() throws -> FormDesk {
        lock.lock()
        defer { lock.unlock() }
        if let desk { return desk }
        let made = try make()
        desk = made
        return made
    }
}
