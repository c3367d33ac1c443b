import Foundation

/// What the QR code on every form carries: the form type, case number, form number and an HMAC
/// tag (issue 4, item 4) — `HLF1 assignment BB20261129-0007 JB2026-00017 k3m9q2d8`. The return
/// path reads it off fax scans to find the case and the form being answered.
///
/// Plain ASCII separated by spaces so that any QR reader prints it unchanged; the tag makes a
/// forged or retyped code fail instead of landing on another case.
public struct FormQRPayload: Sendable, Equatable {
    public static let marker = "HLF1"

    public var kind: FormKind
    public var caseNumber: CaseNumber
    public var formNumber: FormNumber

    public init(kind: FormKind, caseNumber: CaseNumber, formNumber: FormNumber) {
        self.kind = kind
        self.caseNumber = caseNumber
        self.formNumber = formNumber
    }

    static func message(kind: FormKind, caseNumber: String, formNumber: String) -> String {
        "qr|\(kind.rawValue)|\(caseNumber)|\(formNumber)"
    }

    /// The text to encode.
    public func text(tagger: FormTag) -> String {
        let tag = tagger.tag(Self.message(kind: kind, caseNumber: caseNumber.description, formNumber: formNumber.description))
        return "\(Self.marker) \(kind.rawValue) \(caseNumber) \(formNumber) \(tag)"
    }

    /// Why a scanned code was not accepted.
    public enum Rejection: Error, Equatable, CustomStringConvertible {
        case notOurs
        case malformed(String)
        case badTag

        public var description: String {
            switch self {
            case .notOurs: return "not a hotline form code"
            case .malformed(let why): return "hotline form code is malformed: \(why)"
            case .badTag: return "hotline form code's tag does not check (forged, altered or from another center)"
            }
        }
    }

    /// Reads a decoded QR text; the tag must check.
    public static func parse(_ text: String, casePrefix: String, tagger: FormTag) throws(Rejection) -> FormQRPayload {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard parts.first == marker else { throw .notOurs }
        guard parts.count == 5 else { throw .malformed("expected 5 fields, found \(parts.count)") }
        guard let kind = FormKind(rawValue: parts[1]) else { throw .malformed("unknown form type \(parts[1])") }
        guard let number = CaseNumber(parts[2], prefix: casePrefix) else { throw .malformed("bad case number \(parts[2])") }
        guard let form = FormNumber(parts[3]), form.kind == kind else { throw .malformed("bad form number \(parts[3])") }
        guard tagger.check(parts[4], for: message(kind: kind, caseNumber: number.description, formNumber: form.description)) else {
            throw .badTag
        }
        return FormQRPayload(kind: kind, caseNumber: number, formNumber: form)
    }
}
