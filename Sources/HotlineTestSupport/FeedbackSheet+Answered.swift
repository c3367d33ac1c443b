import _CryptoExtras
import Foundation
import HotlineCore
import HotlineDocuments
import HotlineXML

extension FeedbackSheet.Answer {
    /// A complete answer from 蚌埠市城市管理局 (CG) that RULES.md §8 accepts on a routine case: the
    /// result, the petitioner told, the responsible person and handler, the principal leader's
    /// sign-off. Tests change the one field they are about.
    public static func complete(result: String = "张三您好：经查，已责令工地停止夜间施工。", petitionerContact: String = "电话联系",
                                handlerUnit: String = "执法支队") -> Self {
        var a = Self()
        a.result = result
        a.satisfaction = "满意"
        a.petitionerContact = petitionerContact
        a.responsibleUnit = "蚌埠市城市管理局"
        a.responsiblePerson = "刘建国"
        a.handlerName = "陈晓"
        a.handlerUnit = handlerUnit
        a.handlerPhone = "0552-3012345"
        a.signOff = .init(name: "钱进", title: "局长")
        return a
    }
}

/// What a unit sends back: the blank feedback sheet it received, answered and signed with its
/// leader's key (the enveloped XML-DSig signature the return path verifies against pinned keys).
public enum AnsweredFeedbackSheet {
    /// `blank` was not a feedback sheet.
    public struct NotAFeedbackSheet: Error {}

    /// The blank sheet's XML as issued, with `answer` filled in, signed by `key`.
    public static func signed(blank: [UInt8], answer: FeedbackSheet.Answer, key: _RSA.Signing.PrivateKey, schema: XMLSchema,
                              casePrefix: String = "BB", timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) throws -> [UInt8] {
        let read = try FormXMLReader(schema: schema, casePrefix: casePrefix, timeZone: timeZone).read(blank, name: "blank")
        guard case .feedback(var sheet) = read.form else { throw NotAFeedbackSheet() }
        sheet.answer = answer
        return try XMLSigner(key: .rsa(key)).sign(Array(FormXMLWriter(timeZone: timeZone).xml(.feedback(sheet)).utf8))
    }
}
