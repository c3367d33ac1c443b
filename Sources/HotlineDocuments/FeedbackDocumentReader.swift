import Foundation
import HotlineCore
import HotlineXML

/// Finds and reads the feedback sheets among a reply's attachments (issue 5, items 2–3, 6): the
/// signed XML through `FormXMLReader` (safe parse, XSD first) and its signature against the pinned
/// keys of every registered leader; the real `FeedbackReading`.
///
/// A signature is never checked against a key the document carries: only keys from the units
/// registry count, labelled `<unit code>|<role>` so the return path knows whose key signed.
public struct FeedbackDocumentReader: FeedbackReading {
    public let forms: FormXMLReader
    public let odt: FeedbackODTReader
    /// The same sheet returned as `.docx`, read under the ODT reader's limits.
    public var docx: FeedbackDOCXReader { FeedbackDOCXReader(odt) }
    /// Reads QR codes off fax pages (TIFF, PDF, PNG, JPEG), for the fax and unit-replies mailboxes;
    /// nil: scans are not read (a paper reply then waits in the holding queue or becomes a letter).
    public let scanner: FaxQRScanner?
    /// Checks the HMAC tag of a QR code, so that only our own codes count.
    public let tagger: FormTag?
    public let verifier: XMLSignatureVerifier
    /// Registry keys that could not be used (a bad PEM), for `hotline units` and the log.
    public let unusableKeys: [String]
    /// The monotonic clock of the scanning budget (tests pass their own).
    public var clock: @Sendable () -> Double = ScanBudget.monotonicSeconds
    /// Each tier-3 unit's tier-2 parent, whose leaders sign its replies up the line.
    let parents: [String: String]

    public init(schema: XMLSchema, casePrefix: String, timeZone: TimeZone, units: UnitsRegistry,
                scanner: FaxQRScanner? = nil, tagger: FormTag? = nil) {
        self.scanner = scanner
        self.tagger = tagger
        forms = FormXMLReader(schema: schema, casePrefix: casePrefix, timeZone: timeZone)
        odt = FeedbackODTReader(casePrefix: casePrefix, timeZone: timeZone)
        var keys: [PinnedKey] = []
        var unusable: [String] = []
        for unit in units.units {
            for (role, leader) in [(ReceivedFeedback.LeaderRole.leaderInCharge, unit.leaderInCharge),
                                   (.principalLeader, unit.principalLeader)] {
                guard let pem = leader?.publicKeyPEM else { continue }
                do {
                    keys.append(try PinnedKey(label: "\(unit.code)|\(role.rawValue)", pem: pem))
                } catch {
                    unusable.append("\(unit.code) \(role.rawValue): \(error)")
                }
            }
        }
        verifier = XMLSignatureVerifier(pinnedKeys: keys)
        parents = Dictionary(units.units.compactMap { u in u.parent.map { (u.code, $0) } }, uniquingKeysWith: { a, _ in a })
        unusableKeys = unusable
    }

    /// At most this many attachments of a message are read as sheets: a hostile mail with a
    /// thousand parts must not cost a thousand parses and scans.
    public static let maxSheetsPerMessage = 5

    /// The sheets, and every scan refused or stopped on the way (issue 9, item 6). The scans of the
    /// message share one `ScanBudget` of `FaxQRScanner.Limits.messageBudget` seconds.
    public func readout(in attachments: [(stored: StoredAttachment, bytes: [UInt8])], role: MailboxRole) -> FeedbackReadout {
        // QR codes (on scans, in an ODT's picture) are read only in the units' and fax mailboxes.
        let scanning = (role == .fax || role == .unitReplies) ? scanner.flatMap { s in tagger.map { (s, $0) } } : nil
        enum Kind: Int { case xml, odt, docx, scan }
        func kind(_ a: (stored: StoredAttachment, bytes: [UInt8])) -> Kind? {
            if Self.isFormXML(a.stored, a.bytes) { return .xml }
            if Self.isODT(a.stored) { return .odt }
            if Self.isDOCX(a.stored) { return .docx }
            if scanning != nil, FaxDocumentFormat.sniff(a.bytes) != nil { return .scan }
            return nil
        }
        // Signed XML first, then ODT and DOCX, then scans: five evidence photos must not push the sheet out.
        let candidates = attachments.compactMap { a in kind(a).map { (a, $0) } }.enumerated()
            .sorted { ($0.element.1.rawValue, $0.offset) < ($1.element.1.rawValue, $1.offset) }.map(\.element)
        var job = ScanJob(budget: scanning.map { ScanBudget(seconds: $0.0.limits.messageBudget, now: clock) })
        let sheets: [ReceivedFeedback] = candidates.prefix(Self.maxSheetsPerMessage).compactMap { a, kind in
            switch kind {
            case .xml: return xml(a.stored, a.bytes)
            case .odt: return editable(.odt, a.stored, a.bytes, scanning: scanning, job: &job)
            case .docx: return editable(.docx, a.stored, a.bytes, scanning: scanning, job: &job)
            case .scan: return scanning.flatMap { paper(a.stored, a.bytes, scanner: $0.0, tagger: $0.1, job: &job) }
            }
        }
        return FeedbackReadout(sheets: sheets, unreadScans: job.unread)
    }

    /// The scanning of one message: its budget, and what could not be scanned.
    struct ScanJob {
        var budget: ScanBudget?
        var unread: [UnreadScan] = []

        /// Scans `bytes` within the budget; a refusal is recorded against `stored` and gives nil.
        mutating func scan(_ bytes: [UInt8], mediaType: String, of stored: StoredAttachment, part: String? = nil,
                           with scanner: FaxQRScanner) -> FaxScan? {
            do {
                return try scanner.scan(bytes, mediaType: mediaType, budget: budget)
            } catch {
                let reason: UnreadScan.Reason
                switch error {
                case .pictureTooLarge: reason = .pictureTooLarge
                case .timedOut: reason = .timedOut
                case .budgetSpent: reason = .budgetSpent
                case .toolMissing, .io: reason = .toolFailed
                default: reason = .unreadable
                }
                unread.append(UnreadScan(attachment: stored.storedName, originalName: stored.originalName, reason: reason,
                                         message: (part.map { "\($0): " } ?? "") + error.description))
                return nil
            }
        }
    }

    /// A faxed page carrying the QR code of one of our feedback sheets (issue 5, item 6): the
    /// paper reply whose handwritten sign-off a clerk confirms. Codes of other forms or other
    /// centers, and pages without a code, are not feedback; a scan refused or stopped is recorded in `job`.
    func paper(_ stored: StoredAttachment, _ bytes: [UInt8], scanner: FaxQRScanner, tagger: FormTag, job: inout ScanJob) -> ReceivedFeedback? {
        guard let scan = job.scan(bytes, mediaType: stored.contentType, of: stored, with: scanner) else { return nil }
        for page in scan.pages {
            for code in page.codes {
                guard let qr = try? FormQRPayload.parse(code, casePrefix: forms.casePrefix, tagger: tagger), qr.kind == .feedback else {
                    continue
                }
                return ReceivedFeedback(medium: .paper, attachment: stored.storedName, sha256: stored.sha256, answer: nil,
                                        caseNumber: qr.caseNumber, formNumber: qr.formNumber, signature: .none,
                                        problems: [], page: page.number)
            }
        }
        return nil
    }

    /// An XML attachment in our forms namespace (cheap test before any parse).
    static func isFormXML(_ stored: StoredAttachment, _ bytes: [UInt8]) -> Bool {
        let type = stored.contentType.lowercased()
        let named = stored.storedName.lowercased().hasSuffix(".xml") || (stored.originalName ?? "").lowercased().hasSuffix(".xml")
        guard type.hasSuffix("/xml") || type.hasSuffix("+xml") || named else { return false }
        return ByteSearch(bytes: bytes).contains(FormXMLWriter.namespace)
    }

    static func isODT(_ stored: StoredAttachment) -> Bool { isKind(stored, mediaType: ODFNamespace.textMediaType, suffix: ".odt") }

    /// A `.docx` by its content type or by its name (issue 9 item 5).
    static func isDOCX(_ stored: StoredAttachment) -> Bool { isKind(stored, mediaType: FeedbackDOCXReader.mediaType, suffix: ".docx") }

    private static func isKind(_ stored: StoredAttachment, mediaType: String, suffix: String) -> Bool {
        stored.contentType.lowercased() == mediaType
            || stored.storedName.lowercased().hasSuffix(suffix) || (stored.originalName ?? "").lowercased().hasSuffix(suffix)
    }

    /// A filled ODT or DOCX feedback sheet: read from its fields and cells; it carries no
    /// signature of a key. Its QR picture is where each format keeps pictures.
    func editable(_ medium: ReceivedFeedback.Medium, _ stored: StoredAttachment, _ bytes: [UInt8],
                  scanning: (FaxQRScanner, FormTag)?, job: inout ScanJob) -> ReceivedFeedback? {
        do {
            let filled = medium == .docx ? try docx.read(bytes, name: stored.storedName) : try odt.read(bytes, name: stored.storedName)
            var problems: [String] = []
            if filled.caseNumber == nil { problems.append("the sheet's case number (case_number) cannot be read") }
            if filled.formNumber == nil { problems.append("the sheet's form number (form_number) cannot be read") }
            let code = scanning.flatMap {
                pictureCode(bytes, of: stored, under: medium == .docx ? "word/media/" : "Pictures/", scanner: $0.0, tagger: $0.1, job: &job)
            }
            if let code, code.caseNumber != filled.caseNumber || code.formNumber != filled.formNumber {
                problems.append("the sheet's QR code names \(code.caseNumber) \(code.formNumber), its fields \(filled.caseNumber?.description ?? "?") "
                                + "\(filled.formNumber?.description ?? "?")")
            }
            return ReceivedFeedback(medium: medium, attachment: stored.storedName, sha256: stored.sha256, answer: filled.answer,
                                    caseNumber: filled.caseNumber, formNumber: filled.formNumber, signature: .none,
                                    problems: problems, tagged: code != nil && problems.isEmpty)
        } catch .anotherFormKind {
            return nil  // one of our other forms sent back: not an answer
        } catch .notAFeedbackSheet, .notODFText, .notWordDocument {
            return nil  // some other document (a letter, a spreadsheet)
        } catch {
            return ReceivedFeedback(medium: medium, attachment: stored.storedName, sha256: stored.sha256, answer: nil,
                                    caseNumber: nil, formNumber: nil, signature: .none, problems: ["\(error)"])
        }
    }

    /// The QR code in a sheet's pictures (the renderer puts it under `Pictures/` of the ODT; saved as
    /// DOCX it is under `word/media/`), when it is one of our feedback sheets' and its tag checks.
    func pictureCode(_ bytes: [UInt8], of stored: StoredAttachment, under folder: String, scanner: FaxQRScanner, tagger: FormTag,
                     job: inout ScanJob) -> FormQRPayload? {
        guard let zip = try? ZIPReader(bytes: bytes, limits: odt.zipLimits) else { return nil }
        // Our renderer puts one picture there; at most two are scanned (a scan costs a zbarimg run).
        let pictures = zip.entries.filter { $0.name.hasPrefix(folder) && $0.name.lowercased().hasSuffix(".png") }.prefix(2)
        for entry in pictures {
            let png: [UInt8]
            do { png = try zip.read(entry.name, limit: 2 << 20) } catch {
                // A picture too large to take out, or a damaged one: named, not skipped silently.
                job.unread.append(UnreadScan(attachment: stored.storedName, originalName: stored.originalName, reason: .unreadable,
                                             message: "\(entry.name): \(error)"))
                continue
            }
            guard let scan = job.scan(png, mediaType: "image/png", of: stored, part: entry.name, with: scanner) else { continue }
            for code in scan.codes {
                if let qr = try? FormQRPayload.parse(code, casePrefix: forms.casePrefix, tagger: tagger), qr.kind == .feedback { return qr }
            }
        }
        return nil
    }

    func xml(_ stored: StoredAttachment, _ bytes: [UInt8]) -> ReceivedFeedback? {
        let read: ReadForm
        do {
            read = try forms.read(bytes, name: stored.storedName)
        } catch {
            return ReceivedFeedback(medium: .xml, attachment: stored.storedName, sha256: stored.sha256, answer: nil,
                                    caseNumber: nil, formNumber: nil, signature: .none, problems: ["\(error)"])
        }
        guard case .feedback(let sheet) = read.form else { return nil }  // our assignment sheet sent back: not an answer
        let signature: ReceivedFeedback.Signature
        // Only the keys of the unit the sheet names and of its tier-2 parent: no other signer could pass
        // the sign-off checks, and a hostile sheet must not cost one RSA check per registered key.
        let named = Set([sheet.unit.code] + (parents[sheet.unit.code].map { [$0] } ?? []))
        switch verifier.verify(read.tree, among: { named.contains(String($0.split(separator: "|").first ?? "")) }) {
        case .valid(let labels):
            signature = .valid(signers: labels.split(separator: ",").compactMap { label in
                let parts = label.split(separator: "|", maxSplits: 1).map(String.init)
                guard parts.count == 2, let role = ReceivedFeedback.LeaderRole(rawValue: parts[1]) else { return nil }
                return ReceivedFeedback.Signer(unit: parts[0], role: role)
            })
        case .invalid(let defects):
            signature = defects == [.unsigned] ? .none : .invalid(defects.map(\.description))
        }
        // The same signed sheet re-encoded in another mail (line ends, an XML declaration, another
        // spelling of its base64) is the same content: the decoded digest of what was signed, not the
        // attachment's bytes nor the signature's text, is what "received twice" compares.
        let digest = read.signature?.descendants(localName: "DigestValue", namespace: XMLDSig.namespace).first?.text
            .filter { !$0.isWhitespace }
        let identity = digest.flatMap { Data(base64Encoded: $0) }.map { "digest:" + hexString([UInt8]($0)) } ?? stored.sha256
        return ReceivedFeedback(medium: .xml, attachment: stored.storedName, sha256: identity, answer: sheet.answer,
                                caseNumber: sheet.particulars.caseNumber, formNumber: sheet.particulars.formNumber,
                                signature: signature)
    }
}
