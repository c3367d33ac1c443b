import Foundation
import HotlineCore
import HotlineDocuments
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
                    throw WiringError(description: "the configured form secret has \(secret.count) bytes; 16 or more are required")
                }
            } else {
                secret = try CenterKeys.formSecret(path: f.formSecretDefaultPath, create: true)
            }
        } catch {
            throw WiringError(description: "center form secret: \(error)")
        }
        return FormSettings(intake: configuration.settings, centerHead: f.centerHead, replyMailbox: f.replyAddress,
                            formSecret: secret, batchMinutes: f.batchMinutes, approvalLeader: f.approvalLeader,
                            units: configuration.units)
    }

    /// The templates and schema, with the center's signing key.
    func formDocuments() throws -> FormDocuments {
        let f = configuration.forms
        do {
            let key = try CenterKeys.signingKey(path: f.signingKeyPath, create: !f.signingKeyConfigured)
            return try FormDocuments.load(templatesFolder: f.templatesPath, signingKey: key, timeZone: configuration.settings.timeZone)
        } catch {
            throw WiringError(description: "forms: \(error)")
        }
    }

    /// The return path: units' replies matched to their cases and their feedback sheets checked.
    /// Nil (with a notice) when the schema cannot be read.
    func returnPath() throws -> ReturnPath? {
        let xsd = (configuration.forms.templatesPath as NSString).appendingPathComponent("forms.xsd")
        guard let data = FileManager.default.contents(atPath: xsd) else {
            logger.notice("no forms schema: units' replies are taken in without reading their feedback sheets", metadata: ["path": "\(xsd)"])
            return nil
        }
        let schema: XMLSchema
        do { schema = try XMLSchema(xsd: [UInt8](data), name: "forms.xsd") } catch {
            throw WiringError(description: "forms: \(xsd): \(error)")
        }
        let settings = try formSettings()
        let scanner = FaxQRScanner()
        let missing = scanner.missingTools()
        if !missing.isEmpty {
            logger.notice("fax scans are not read for QR codes: missing \(missing.joined(separator: ", ")) (install-deps.sh test installs them)")
        }
        let reader = FeedbackDocumentReader(schema: schema, casePrefix: configuration.settings.casePrefix,
                                            timeZone: configuration.settings.timeZone, units: configuration.units,
                                            scanner: missing.isEmpty ? scanner : nil, tagger: settings.tagger)
        for problem in reader.unusableKeys { logger.warning("unusable leader key", metadata: ["key": "\(problem)"]) }
        return ReturnPath(settings: settings, reader: reader)
    }

    func formDesk(store: any CaseStore) throws -> FormDesk {
        FormDesk(store: store, renderer: try formDocuments(), settings: try formSettings())
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
