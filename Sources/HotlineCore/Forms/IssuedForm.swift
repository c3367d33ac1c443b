import Foundation

/// A form as the case store keeps it once issued: its number, the case, who it went to, and the
/// exact bytes sent — the signed XML and the ODT — so that what a unit received can always be
/// shown again and a returned form compared with it.
public struct IssuedForm: Sendable, Equatable {
    public var number: FormNumber
    public var caseNumber: CaseNumber
    public var issuedAt: Date
    /// The clerk who issued it.
    public var actor: String
    /// The addressees: the lead unit then the assisting units (assignment, supervision, feedback), or
    /// the leader's address (approval).
    public var recipients: [String]
    /// The lead unit's code, where there is one.
    public var unitCode: String?
    public var deadline: Date?
    /// The form this one follows up (a supervision sheet's assignment sheet, a feedback sheet's form).
    public var refersTo: FormNumber?
    /// The signed XML.
    public var xml: [UInt8]
    public var odt: [UInt8]

    public init(number: FormNumber, caseNumber: CaseNumber, issuedAt: Date, actor: String, recipients: [String],
                unitCode: String?, deadline: Date?, refersTo: FormNumber?, xml: [UInt8], odt: [UInt8]) {
        self.number = number
        self.caseNumber = caseNumber
        self.issuedAt = issuedAt
        self.actor = actor
        self.recipients = recipients
        self.unitCode = unitCode
        self.deadline = deadline
        self.refersTo = refersTo
        self.xml = xml
        self.odt = odt
    }

    public var kind: FormKind { number.kind }
}
