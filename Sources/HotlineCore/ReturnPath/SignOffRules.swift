import Foundation

/// The checks a returned feedback sheet must pass (RULES.md §8), each named, each with its own
/// message — what the return notice (退单) lists. Pure.
///
/// A take-back request (回单, §8.7) or an extension request (§6) is an answer too: it must be
/// signed off like any reply, but the content checks of a final answer do not apply to it.
public enum SignOffRules {
    public enum Check: String, Sendable, Codable, CaseIterable {
        /// The sheet could be read at all (XML valid against the schema, ODT fields readable).
        case readable
        /// It is a sheet we issued for this case — not one replayed from another case.
        case sameCase = "same-case"
        /// The XML signature verifies against a pinned key (XML sheets only).
        case signature
        /// Signed off by the unit's leader in charge, or the principal leader for a heavy item (§8.1, §8.5).
        case signedByLeader = "signed-by-leader"
        /// A tier-3 unit's reply comes through its tier-2 unit, countersigned there (§8.8).
        case countersign = "tier-2-countersign"
        /// Names the responsible unit and person (§8.5).
        case responsible = "responsible-unit-and-person"
        /// The handler's name, unit and telephone (§8.6).
        case handler = "handler-real-name"
        /// A person is answered as a person, not as a unit (§8.3).
        case addressedToPetitioner = "addressed-to-petitioner"
        /// A direct answer to the matter (§8.4).
        case directAnswer = "direct-answer"
        /// Every policy relied on is cited with its document number (§8.4).
        case citations = "policy-citations"
        /// The petitioner's satisfaction and how they were contacted (§8.4).
        case satisfaction = "satisfaction-and-contact"
        /// An extension request gives the new date and the reason (§6).
        case extensionRequest = "extension-request"
        /// A take-back request gives the reason (§8.7).
        case takeBackRequest = "take-back-request"
    }

    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public var check: Check
        public var message: String
        public var description: String { "[\(check.rawValue)] \(message)" }
    }

    /// What the case is, for the checks.
    public struct Context: Sendable {
        public var record: CaseRecord
        /// The unit the case is assigned to, and its tier-2 parent for a tier-3 unit.
        public var unit: GovernmentUnit
        public var parent: GovernmentUnit?
        /// Carried by forms 1–3 (RULES.md §4): the principal leader signs.
        public var heavyItem: Bool
        /// The feedback sheets we issued on this case.
        public var issuedFeedbackForms: [FormNumber]
        /// The names of every unit of the registry: a reply addressed to one of them is addressed to a unit (§8.3).
        public var unitNames: [String]

        public init(record: CaseRecord, unit: GovernmentUnit, parent: GovernmentUnit?, heavyItem: Bool,
                    issuedFeedbackForms: [FormNumber], unitNames: [String] = []) {
            self.unitNames = unitNames
            self.record = record
            self.unit = unit
            self.parent = parent
            self.heavyItem = heavyItem
            self.issuedFeedbackForms = issuedFeedbackForms
        }
    }

    /// Every check the sheet fails; empty when it passes.
    /// The checks of §8.3–4 on an answer the center gives itself (直接办理, issue 12): a person
    /// addressed as a person, a direct answer, every policy relied on cited with its number.
    public static func directAnswerFailures(_ text: String, petitioner: Petitioner, unitNames: [String]) -> [Failure] {
        var out: [Failure] = []
        let fail = { (check: Check, message: String) in out.append(Failure(check: check, message: message)) }
        if blank(text) { fail(.directAnswer, "the answer is empty") }
        addressed(text, petitioner: petitioner, unitNames: unitNames, fail)
        citations(text, [], fail)
        return out
    }

    public static func failures(_ f: ReceivedFeedback, _ c: Context) -> [Failure] {
        var out: [Failure] = []
        func fail(_ check: Check, _ message: String) { out.append(Failure(check: check, message: message)) }

        if !f.problems.isEmpty { fail(.readable, "the feedback sheet \(f.attachment) could not be read: " + f.problems.joined(separator: "; ")) }
        if let n = f.caseNumber, n != c.record.number {
            fail(.sameCase, "the sheet is for case \(n), not \(c.record.number)")
        }
        if let form = f.formNumber, !c.issuedFeedbackForms.contains(form) {
            fail(.sameCase, "feedback sheet \(form) was not issued for the current assignment of case \(c.record.number)")
        }
        // An XML sheet that could not be read had no signature checked: "carries no signature" would
        // be a reason that is not one (the schema may have refused it for a second ds:Signature).
        if f.medium == .xml, f.problems.isEmpty { signature(f, c, fail) }
        guard let a = f.answer else {
            if f.medium != .paper, f.problems.isEmpty { fail(.readable, "no feedback sheet could be read from \(f.attachment)") }
            return out
        }
        signOff(a, c, fail)
        if a.requestsTakeBack {
            if blank(a.notOurDutyReason) { fail(.takeBackRequest, "a take-back request (回单) must say why the matter is not the unit's duty") }
            return out
        }
        if a.requestsExtension {
            if a.extensionUntil == nil { fail(.extensionRequest, "an extension request must give the new date") }
            if blank(a.extensionReason) { fail(.extensionRequest, "an extension request must give the reason") }
            return out
        }
        if blank(a.responsibleUnit) || blank(a.responsiblePerson) {
            fail(.responsible, "the responsible unit and the responsible person must both be named (责任单位、责任人)")
        }
        let missing = [("name", a.handlerName), ("unit", a.handlerUnit), ("telephone", a.handlerPhone)].filter { blank($0.1) }.map(\.0)
        if !missing.isEmpty {
            fail(.handler, "the handler's \(missing.joined(separator: ", ")) missing (承办人实名)")
        } else if let phone = a.handlerPhone, !TelephoneNumber.isValid(phone) {
            // §8.6: a number the petitioner or a clerk can call back, not 暂无 or a name.
            fail(.handler, "the handler's telephone \"\(phone)\" is not a telephone number (承办人电话: mobile or landline with area code)")
        }
        if blank(a.result) {
            fail(.directAnswer, "no result (办理结果): the reply must answer the matter directly")
        } else if let result = a.result {
            addressed(result, c, fail)
            citations(result, a.citations, fail)
        }
        if blank(a.satisfaction) || blank(a.petitionerContact) {
            fail(.satisfaction, "the petitioner's satisfaction and how they were contacted must be stated (群众满意度、联系情况)")
        }
        return out
    }

    static func signature(_ f: ReceivedFeedback, _ c: Context, _ fail: (Check, String) -> Void) {
        switch f.signature {
        case .none:
            fail(.signature, "the XML feedback sheet carries no signature")
        case .invalid(let reasons):
            fail(.signature, "the signature does not verify: " + reasons.joined(separator: "; "))
        case .valid(let signers):
            // A tier-3 unit's reply is signed off up the line, by its tier-2 unit (§8.8).
            let signer = c.parent ?? c.unit
            let required: ReceivedFeedback.LeaderRole = c.heavyItem ? .principalLeader : .leaderInCharge
            let ofUnit = signers.filter { $0.unit == signer.code }
            if ofUnit.isEmpty {
                fail(.signedByLeader, "signed with a key of unit \(signers.map(\.unit).joined(separator: ", ")), not of \(signer.name) (\(signer.code))")
            } else if !ofUnit.contains(where: { $0.role == required }) {
                fail(.signedByLeader, c.heavyItem
                     ? "a heavy item (重件) must be signed off by the principal leader (主要负责人) of \(signer.name), not the leader in charge"
                     : "signed with the principal leader's key; the leader in charge of hotline work (分管负责人) signs routine replies")
            }
        }
    }

    static func signOff(_ a: FeedbackSheet.Answer, _ c: Context, _ fail: (Check, String) -> Void) {
        let leaders = [c.unit.leaderInCharge, c.unit.principalLeader].compactMap { $0 }
        let expected = c.heavyItem ? c.unit.principalLeader : c.unit.leaderInCharge
        if let s = a.signOff, !blank(s.name) {
            if !leaders.isEmpty, !leaders.contains(where: { $0.name == s.name }) {
                fail(.signedByLeader, "the sign-off (签发) names \(s.name), who is not a registered leader of \(c.unit.name)")
            } else if let expected, s.name != expected.name {
                fail(.signedByLeader, c.heavyItem
                     ? "a heavy item (重件) is signed off by the principal leader \(expected.name), not \(s.name)"
                     : "the reply is signed off by the leader in charge \(expected.name), not \(s.name)")
            }
        } else {
            fail(.signedByLeader, "no sign-off (签发): the unit's leader must sign the reply")
        }
        if c.unit.tier == .three {
            let parent = c.parent
            let name = a.countersign?.name.trimmingCharacters(in: .whitespaces) ?? ""
            let parentLeaders = [parent?.leaderInCharge, parent?.principalLeader].compactMap { $0?.name }
            let nameOK = !name.isEmpty && (parentLeaders.isEmpty || parentLeaders.contains(name))
            let unitOK = parent.map { p in a.countersignUnit.map { $0 == p.name || $0 == p.code } ?? false } ?? false
            if !nameOK || !unitOK {
                fail(.countersign, "a tier-3 unit's reply must be reviewed and signed off by \(parent?.name ?? "its tier-2 unit") (二级单位审核签发)")
            }
        }
    }

    static func blank(_ s: String?) -> Bool {
        s?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true
    }
}
