import Foundation
import HotlineMail

/// Intake staff answer a matter themselves (直接办理, RULES §3, issue 12 item 1): the answer is
/// checked like a unit's (§8.3–4), mailed to the petitioner, recorded, and the case is `answered` —
/// never dispatched. One transaction: answered completely or not at all.
public struct AnswerDesk: Sendable {
    public let store: any CaseStore
    public let settings: FormSettings
    public let clock: any Clock
    let nonce: @Sendable () -> String

    public init(store: any CaseStore, settings: FormSettings, clock: any Clock, nonce: @escaping @Sendable () -> String) {
        self.store = store
        self.settings = settings
        self.clock = clock
        self.nonce = nonce
    }

    /// `hotline answer CASE --text T | --file F | --use ID`: `standard` names the standard answer used.
    public func answer(_ number: CaseNumber, text: String, standard: String? = nil, clerk: String) throws -> OutgoingMail {
        guard FormText.line(clerk) != nil else { throw Refusal.clerkRequired }
        let now = clock.now()
        return try store.transaction { tx in
            guard var record = try tx.caseRecord(number) else { throw Refusal.noCase(number) }
            guard record.scope.value == .accepted else {
                throw Refusal(.notAllowed, "\(number) is out of scope (\(record.scope.value.text)): it was guided, not answered")
            }
            // An emergency or a key matter is dispatched (RULES §3–4), never answered at the front.
            if record.keyMatter.value || [.generalEmergency, .majorEmergency].contains(record.handlingClass.value) {
                throw Refusal(.notAllowed, "\(number) is \(record.keyMatter.value ? "a key matter" : "an emergency"): dispatch it (hotline assign)")
            }
            let next = try record.state.applying(.answerDirectly)
            let failures = SignOffRules.directAnswerFailures(text, petitioner: record.petitioner,
                                                             unitNames: settings.units.units.map(\.name))
            guard failures.isEmpty else {
                throw Refusal(.usage, "the answer does not pass the norms' checks (RULES §8.3–4): "
                              + failures.map(\.description).joined(separator: "; "))
            }
            guard let to = record.petitioner.email, to.contains("@") else {
                throw Refusal(.notAllowed, "\(number): the petitioner gave no mail address; answer by phone")
            }
            let mail = DirectAnswerLetter(settings: settings).compose(record: record, to: to, text: text, nonce: nonce(), now: now)
            try tx.queueOutgoing(mail)
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, .answered(.init(
                messageID: mail.messageID, to: [to], text: text, standardAnswer: standard))), to: number)
            record.state = next
            try tx.updateCase(record)
            return mail
        }
    }
}

/// The center's own answer to the petitioner, as a reply to their mail. Pure.
struct DirectAnswerLetter {
    var settings: FormSettings

    func compose(record: CaseRecord, to: String, text: String, nonce: String, now: Date) -> OutgoingMail {
        let s = settings.intake
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines) + """


            如对答复有疑问，请直接回复本邮件（受理编号：\(record.number)）。

            \(s.centerName)
            \(s.chineseDateTime(now))
            """
        return PetitionerMail(settings: settings).compose(record: record, to: to, tag: "答复", kind: "answer", purpose: "direct-answer",
                                                          text: body, nonce: nonce, now: now)
    }
}
