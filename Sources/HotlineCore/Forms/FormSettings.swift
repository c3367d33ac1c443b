import Foundation
import HotlineMail

/// What issuing forms needs to know about the center (configuration `[center]`, `[forms]`,
/// `[approval]`, `[dispatch]`).
public struct FormSettings: Sendable {
    /// The city leader an approval sheet goes up to (RULES.md §4, form 1).
    public struct Leader: Sendable, Equatable {
        public var name: String
        public var title: String
        public var email: String

        public init(name: String, title: String, email: String) {
            self.name = name
            self.title = title
            self.email = email
        }
    }

    public var intake: IntakeSettings
    /// 中心负责人: signs assignment and supervision sheets, drafts the proposed handling.
    public var centerHead: String
    public var replyAddress: ReplyAddress
    public var tagger: FormTag
    public var deadlines: UnitDeadlines
    public var schedule: DispatchSchedule
    public var approvalLeader: Leader?
    public var units: UnitsRegistry

    public init(intake: IntakeSettings, centerHead: String, replyMailbox: String, formSecret: [UInt8],
                deadlines: UnitDeadlines, batchMinutes: [Int] = [11 * 60 + 30, 17 * 60],
                approvalLeader: Leader? = nil, units: UnitsRegistry) {
        self.intake = intake
        self.centerHead = centerHead
        tagger = FormTag(secret: formSecret)
        replyAddress = ReplyAddress(mailbox: replyMailbox, casePrefix: intake.casePrefix, tagger: tagger)
        self.deadlines = deadlines
        schedule = DispatchSchedule(batchMinutes: batchMinutes, timeZone: intake.timeZone, workingDays: deadlines.clock.calendar)
        self.approvalLeader = approvalLeader
        self.units = units
    }
}

/// Renders a form for sending: the XML signed with the center's key, and the ODT from the
/// clerks' template with the QR code. `HotlineDocuments` implements it; tests use a twin.
public protocol FormRendering: Sendable {
    func render(_ form: Form, qrText: String) throws -> RenderedForm
}

/// A rendered form.
public struct RenderedForm: Sendable, Equatable {
    /// The signed XML.
    public var xml: [UInt8]
    public var odt: [UInt8]

    public init(xml: [UInt8], odt: [UInt8]) {
        self.xml = xml
        self.odt = odt
    }
}
