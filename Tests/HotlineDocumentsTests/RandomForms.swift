import Foundation
import HotlineCore
import HotlineTestSupport

/// Forms of every kind made from a seed, for round trips: text mixing Chinese, ASCII, XML's
/// special characters (`<&>"'`, `]]>`, `<!--`), tabs, full-width and astral characters; every
/// optional field present or absent; 0–5 assisting units, 0–5 citations. Dates fall on whole
/// seconds (the writer writes seconds) between 2000 and 2099.
///
/// Only forms the schema admits are made: `Line` fields are 1–200 characters on one line, units
/// are listed only with a lead, a deadline has both its date and its limit. Characters the writer
/// drops (C0 controls, CR, U+FFFE/FFFF) are never used, so `read(write(form)) == form` exactly.
struct RandomForms {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    static let pieces = ["市", "长", "热", "线", "噪", "音", "投", "诉", "蚌", "埠", "区", "路", "号", "a", "Z", "q", "0", "7", " ",
                         "<", "&", ">", "\"", "'", "&amp;", "]]>", "<!--", "é", "😀", "𠮷", "\t", "（", "）", "，", "。", "\u{3000}", "—", "Ａ"]
    static let codeCharacters = Array("ABCXYZabz019_.-")

    mutating func form() -> Form {
        let kind = FormKind.allCases.randomElement(using: &random) ?? .assignment
        let p = particulars(kind)
        switch kind {
        case .approval:
            return .approval(ApprovalSheet(particulars: p, proposedHandling: text(), centerHead: line(), leaderName: line(),
                                           leaderInstruction: maybe { $0.text() }))
        case .assignment:
            return .assignment(AssignmentSheet(particulars: p, centerHead: line()))
        case .supervision:
            return .supervision(SupervisionSheet(particulars: p, reason: text(), round: Int.random(in: 1...9, using: &random),
                                                 originalFormNumber: maybe { $0.formNumber(.assignment) }, centerHead: line()))
        case .feedback:
            return .feedback(FeedbackSheet(particulars: p, unit: unit(), answersFormNumber: maybe { $0.formNumber(.assignment) },
                                           answer: answer()))
        }
    }

    mutating func particulars(_ kind: FormKind) -> FormParticulars {
        let lead = maybe { $0.unit() }
        let assisting = lead == nil ? [] : (0..<Int.random(in: 0...5, using: &random)).map { _ in unit() }
        let deadline = maybe { $0.date() }
        return FormParticulars(
            caseNumber: CaseNumber(prefix: "BB", day: String(format: "2026%02d%02d", Int.random(in: 1...12, using: &random),
                                                             Int.random(in: 1...28, using: &random)),
                                   sequence: Int.random(in: 1...999_999, using: &random)),
            formNumber: formNumber(kind), issuedAt: date(), centerName: line(), receivedAt: date(),
            channel: Channel.allCases.randomElement(using: &random) ?? .email,
            petitioner: Petitioner(name: maybe { $0.line() }, address: maybe { $0.line() }, phone: maybe { $0.line() },
                                   email: maybe { $0.line() }),
            subject: maybe { $0.line() } ?? "", summary: text(),
            kind: MatterKind.allCases.randomElement(using: &random) ?? .complaint,
            handlingClass: HandlingClass.allCases.randomElement(using: &random) ?? .routine,
            heavyItem: Bool.random(using: &random), leadUnit: lead, assistingUnits: assisting, deadline: deadline,
            deadlineLimit: deadline == nil ? nil : UnitDeadlines.Limit(
                amount: Double(Int.random(in: 0...600, using: &random)) / 4, unit: ClockUnit.allCases.randomElement(using: &random) ?? .days,
                extendTo: maybe { Double(Int.random(in: 1...60, using: &$0.random)) }, rule: maybe { $0.line() } ?? ""),
            replyAddress: maybe { $0.line() })
    }

    mutating func answer() -> FeedbackSheet.Answer {
        var a = FeedbackSheet.Answer()
        a.result = maybe { $0.text() }
        a.citations = (0..<Int.random(in: 0...5, using: &random)).map { _ in
            FeedbackSheet.Citation(title: line(), documentNumber: maybe { $0.line() } ?? "")
        }
        a.satisfaction = maybe { $0.line() }
        a.petitionerContact = maybe { $0.text() }
        a.responsibleUnit = maybe { $0.line() }
        a.responsiblePerson = maybe { $0.line() }
        a.handlerName = maybe { $0.line() }
        a.handlerUnit = maybe { $0.line() }
        a.handlerPhone = maybe { $0.line() }
        a.signOff = maybe { $0.signatory() }
        a.countersign = maybe { $0.signatory() }
        if a.countersign != nil { a.countersignUnit = maybe { $0.line() } }
        // An extension request: until only, reason only (possibly empty), or both with some reason.
        switch Int.random(in: 0...3, using: &random) {
        case 1: a.extensionUntil = date()
        case 2: a.extensionReason = text()
        case 3: (a.extensionUntil, a.extensionReason) = (date(), line() + text())
        default: break
        }
        a.notOurDutyReason = maybe { $0.text() }
        return a
    }

    mutating func signatory() -> FeedbackSheet.Signatory {
        .init(name: line(), title: maybe { $0.line() } ?? "")
    }

    mutating func unit() -> FormParticulars.UnitRef {
        let code = String((0..<Int.random(in: 1...12, using: &random)).map { _ in Self.codeCharacters.randomElement(using: &random) ?? "A" })
        return .init(code: code, name: line())
    }

    mutating func formNumber(_ kind: FormKind) -> FormNumber {
        FormNumber(kind: kind, year: Int.random(in: 2000...2099, using: &random), sequence: Int.random(in: 1...999_999, using: &random))
    }

    /// A whole second between 2000-01-01 and 2099-12-31 (UTC).
    mutating func date() -> Date {
        Date(timeIntervalSince1970: TimeInterval(Int.random(in: 946_684_800...4_102_444_799, using: &random)))
    }

    /// One line of 1–30 pieces: at most 150 characters, as `Line` needs.
    mutating func line() -> String {
        (0..<Int.random(in: 1...30, using: &random)).map { _ in Self.pieces.randomElement(using: &random) ?? "x" }.joined()
    }

    /// 0–4 lines joined by newlines; may be empty.
    mutating func text() -> String {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in line() }.joined(separator: "\n")
    }

    mutating func maybe<T>(_ make: (inout RandomForms) -> T) -> T? {
        Bool.random(using: &random) ? make(&self) : nil
    }
}
