import Foundation
import HotlineCore
import XCTest

/// RULES.md §8.3, §8.4, §8.6 in detail (issue 9, item 6): whom the reply addresses, which policies it
/// cites, the handler's telephone — and an unreadable sheet failing for that alone.
final class SignOffRulesContentTests: XCTestCase {
    typealias T = SignOffRulesTests

    func failures(_ edit: (inout FeedbackSheet.Answer) -> Void, unitNames: [String] = [], petitioner: String? = "张三")
        -> [SignOffRules.Failure] {
        var a = T.answer()
        edit(&a)
        var record = T.record()
        record.petitioner.name = petitioner
        let context = SignOffRules.Context(record: record, unit: T.cg, parent: nil, heavyItem: true, issuedFeedbackForms: [T.fk],
                                           unitNames: unitNames)
        return SignOffRules.failures(T.feedback(a), context)
    }

    // MARK: - §8.3

    func testARepliesToAPersonThatAddressesAnOrganisationFails() {
        let registry = ["蚌埠市城市管理局", "蚌山区人民政府", "蚌埠热线之家"]
        let table: [(String, Bool)] = [
            ("锦绣花园物业：", true), ("蚌埠市某某物业服务有限公司：", true), ("锦绣花园小区业主委员会：", true),
            ("尊敬的业主委员会：", true), ("市城管局：", true), ("南山街道办：", true), ("龙子湖区执法大队：", true),
            ("东风社区：", true), ("蚌埠市自来水集团：", true), ("城南供水站：", true), ("市第一人民医院：", true),
            ("蚌埠二中学校：", true), ("城南派出所：", true), ("蚌埠热线之家：", true), ("蚌山区人民政府：", true),
            ("张先生：", false), ("李女士：", false), ("尊敬的市民：", false), ("张三您好：", false), ("王局长：", false),
            ("各位业主：", false), ("张三同志：", false), ("尊敬的张三先生，您好：", false), ("补充说明：", false),
            // A greeting first, or a blank first line, does not hide the salutation (issue 12 review).
            ("您好，锦绣物业公司：", true), ("\n\n锦绣物业公司：", true), ("您好！张先生：", false), ("您好：", false),
        ]
        for (salutation, fails) in table {
            let checks = failures({ $0.result = salutation + "经查，已处理。" }, unitNames: registry).map(\.check)
            XCTAssertEqual(checks, fails ? [.addressedToPetitioner] : [], salutation)
        }
        // Named only in the registry: recognised through it.
        XCTAssertEqual(failures({ $0.result = "蚌埠热线之家：经查，已处理。" }).map(\.check), [])
        // A petitioner that is itself an organisation may be addressed as one.
        XCTAssertEqual(failures({ $0.result = "锦绣花园小区业主委员会：经查，已处理。" }, petitioner: "锦绣花园小区业主委员会").map(\.check), [])
    }

    /// Review of issue 9: the salutation ends at the first of ：:，,！! or 您好, not only at a colon.
    func testASalutationWithoutAColonIsStillChecked() {
        let table: [(String, Bool)] = [
            ("尊敬的锦绣花园物业公司，您好！", true), ("锦绣花园物业您好！", true), ("市城管局,", true), ("东风社区！请", true),
            ("尊敬的业主委员会，你们好！", true),
            // Guards (pass before and after): a person, or an answer's first clause ending in a unit's name.
            ("尊敬的张先生，您好！", false), ("经查，锦绣花园物业已整改", false), ("关于锦绣花园物业，经查", false),
            ("经查已处理", false),
        ]
        for (firstLine, fails) in table {
            let checks = failures({ $0.result = firstLine + "已处理。" }).map(\.check)
            XCTAssertEqual(checks, fails ? [.addressedToPetitioner] : [], firstLine)
        }
    }

    /// Review of issue 9: 部, 室, 店, 院 end organisations' names; 长 still marks a person (王院长).
    func testProjectDepartmentsOfficesShopsAndHomesAreOrganisations() {
        let table: [(String, Bool)] = [
            ("某某物业锦绣花园项目部：", true), ("南山街道党政办公室：", true), ("城南养老院：", true), ("锦绣花园便利店：", true),
            ("物业客服部：", true),
            // Guards (the same before and after): an institute already listed, titles, people.
            ("市规划设计院：", true), ("王院长：", false), ("李店长：", false), ("张部长：", false), ("尊敬的老干部：", false),
        ]
        for (salutation, fails) in table {
            let checks = failures({ $0.result = salutation + "经查，已处理。" }).map(\.check)
            XCTAssertEqual(checks, fails ? [.addressedToPetitioner] : [], salutation)
        }
    }

    /// Review of issue 9: a petitioner with no name on record is a person; only one recorded as an
    /// organisation may be answered as one.
    func testAPetitionerWithNoNameOnRecordIsAPerson() {
        for name in [nil, "", " "] as [String?] {
            let found = failures({ $0.result = "锦绣花园物业：经查，已处理。" }, petitioner: name)
            XCTAssertEqual(found.map(\.check), [.addressedToPetitioner], "\(String(describing: name))")
            XCTAssertFalse(found.first?.message.contains("()") == true, "\(found)")
        }
        XCTAssertEqual(failures({ $0.result = "锦绣花园物业：经查，已处理。" }, petitioner: "锦绣花园业主委员会").map(\.check), [])
    }

    // MARK: - §8.4

    func testEveryPolicyReliedOnIsCitedWithItsNumber() {
        let noise = FeedbackSheet.Citation(title: "《中华人民共和国噪声污染防治法》", documentNumber: "主席令第104号")
        let table: [(String, [FeedbackSheet.Citation], [String])] = [
            ("依据《中华人民共和国噪声污染防治法》处理。", [noise], []),
            ("依据《中华人民共和国噪声污染防治法》和《蚌埠市建筑施工噪声管理办法》处理。", [noise], ["蚌埠市建筑施工噪声管理办法"]),
            ("依据《蚌埠市建筑施工噪声管理办法》（蚌政发〔2020〕12号）处理。", [], []),
            ("依据《蚌埠市建筑施工噪声管理办法》(蚌政发[2020]12号)处理。", [], []),
            ("依据《蚌埠市物业管理办法》〔2021〕3号处理。", [], []),
            ("依据《安徽省物业管理规定》第12号处理。", [], []),
            ("依据《安徽省物业管理规定》（暂无）处理。", [], ["安徽省物业管理规定"]),
            ("依据《中华人民共和国噪声污染防治法》第八十七条处理。", [], []),
            ("依据《安徽省物业管理条例》第43条处理。", [], []),
            ("依据《蚌埠市物业管理办法》第三条处理。", [], ["蚌埠市物业管理办法"]),
            ("依据《生活饮用水卫生标准》（GB 5749-2022）处理。", [], []),
            ("依据《关于加强夜间施工管理的通知》和《蚌埠市物业管理办法》处理。", [noise],
             ["关于加强夜间施工管理的通知", "蚌埠市物业管理办法"]),
            ("已在《蚌埠日报》公示。", [], []),
            ("已处理。", [.init(title: "《蚌埠市物业管理办法》", documentNumber: "暂无")], ["(list)"]),
        ]
        for (result, cited, uncited) in table {
            let found = failures({ $0.result = "张三您好：" + result; $0.citations = cited })
            XCTAssertEqual(found.map(\.check), uncited.isEmpty ? [] : [.citations], result)
            for title in uncited where title != "(list)" {
                XCTAssertTrue(found.first?.message.contains("《\(title)》") == true, "\(result): \(found)")
            }
        }
    }

    /// `result` (after 张三您好：), the citation list, the titles reported uncited ("(list)": a bad list entry).
    typealias CitationRow = (result: String, cited: [FeedbackSheet.Citation], uncited: [String])

    func assertCitations(_ table: [CitationRow], file: StaticString = #filePath, line: UInt = #line) {
        for (result, cited, uncited) in table {
            let found = failures({ $0.result = "张三您好：" + result; $0.citations = cited })
            XCTAssertEqual(found.map(\.check), uncited.isEmpty ? [] : [.citations], result, file: file, line: line)
            for title in uncited where title != "(list)" {
                XCTAssertTrue(found.first?.message.contains("《\(title)》") == true, "\(result): \(found)", file: file, line: line)
            }
        }
    }

    /// Review of issue 9: correct citations that were refused — a short name the text defines, a
    /// bracket without a number before the article, a number standing before the title.
    func testCitationsInTheirCommonShapesAreCited() {
        assertCitations([
            ("《蚌埠市物业管理办法》（蚌政〔2020〕12号，以下简称《办法》）第十条规定了维修责任，依据《办法》第十二条处理。", [], []),
            ("依据《蚌埠市物业管理办法》（蚌政〔2020〕12号，简称《物管办法》），按《物管办法》处理。", [], []),
            ("依据《物业管理条例》（2018年修订）第三十五条处理。", [], []),
            ("依据《安徽省物业管理条例》（2021年修正）（2022年施行）第43条处理。", [], []),
            ("依据《蚌埠市物业管理办法》（2020年修订）（蚌政〔2020〕12号）处理。", [], []),
            ("按蚌政办〔2021〕5号《关于加强物业管理的通知》处理。", [], []),
            ("依据省政府令第12号《安徽省物业管理规定》处理。", [], []),
            ("依据《安徽省物业管理规定》省政府令第12号处理。", [], []),
            ("依据《蚌埠市物业管理办法》(2021)3号处理。", [], []),
            ("依据《生活饮用水卫生标准》GB/T 5750-2023处理。", [], []),
        ])
    }

    /// Review of issue 9: a number after the title cites it only when it has a document number's shape;
    /// a title with a bracketed suffix (（试行）, （2019年修订）) is still a policy.
    func testANumberOfSomethingElseDoesNotCiteAndSuffixedTitlesAreChecked() {
        assertCitations([
            ("《蚌埠市物业管理办法》要求对3号楼整改。", [], ["蚌埠市物业管理办法"]),
            ("《蚌埠市物业管理办法》规定12号前完成。", [], ["蚌埠市物业管理办法"]),
            ("依据《安徽省物业管理规定》（见3号楼公示栏）处理。", [], ["安徽省物业管理规定"]),
            ("依据《蚌埠市物业管理办法》要求第3号楼整改。", [], ["蚌埠市物业管理办法"]),
            ("依据《蚌埠市物业管理办法（试行）》处理。", [], ["蚌埠市物业管理办法"]),
            ("依据《安徽省物业管理条例（2019年修订）》处理。", [], ["安徽省物业管理条例"]),
            ("依据《蚌埠市物业管理暂行办法（征求意见稿）（草案）》处理。", [], ["蚌埠市物业管理暂行办法"]),
            // Guards: cited after the suffixed title, or inside it.
            ("依据《蚌埠市物业管理办法（试行）》（蚌政〔2020〕12号）处理。", [], []),
            ("依据《关于加强夜间施工管理的通知（蚌政办〔2021〕5号）》处理。", [], []),
        ])
    }

    /// Review of issue 9: the citation list compared title by title — two titles typed into one cell,
    /// a listed suffix, full and half width.
    func testTheCitationListIsComparedTitleByTitle() {
        let two = "依据《蚌埠市物业管理办法》和《关于加强夜间施工管理的通知》处理。"
        assertCitations([
            (two, [.init(title: "《蚌埠市物业管理办法》\n《关于加强夜间施工管理的通知》", documentNumber: "蚌政〔2020〕12号\n蚌政办〔2021〕5号")], []),
            (two, [.init(title: "蚌埠市物业管理办法\r\n关于加强夜间施工管理的通知", documentNumber: "蚌政〔2020〕12号")], []),
            (two, [.init(title: "《蚌埠市物业管理办法》、《关于加强夜间施工管理的通知》", documentNumber: "蚌政〔2020〕12号")], []),
            ("依据《蚌埠市物业管理办法》处理。", [.init(title: "蚌埠市物业管理办法（2020年修订）", documentNumber: "蚌政〔2020〕12号")], []),
            ("依据《蚌埠市物业管理办法》处理。", [.init(title: "《蚌埠市物业管理办法(试行)》", documentNumber: "蚌政〔2020〕12号")], []),
            ("依据《蚌埠市５Ｇ基站建设管理办法》处理。", [.init(title: "蚌埠市5G基站建设管理办法", documentNumber: "蚌政〔2020〕12号")], []),
            // Guard: a listed title still names only itself.
            (two, [.init(title: "《蚌埠市物业管理办法》", documentNumber: "蚌政〔2020〕12号")], ["关于加强夜间施工管理的通知"]),
        ])
    }

    // MARK: - §8.6

    func testTheHandlersTelephoneIsATelephoneNumber() {
        let table: [(String, Bool)] = [
            ("13905521234", true), ("139 0552 1234", true), ("+86 139-0552-1234", true), ("１３９０５５２１２３４", true),
            ("0552-3012345", true), ("(0552)3012345", true), ("（0552）3012345", true), ("0552 3012345", true), ("05523012345", true),
            ("010-12345678", true), ("0552-3012345转123", true), ("0552-3012345-123", true), ("0552-3012345 ext. 123", true),
            ("０５５２－３０１２３４５", true), ("0552-3012345分机12", true),
            ("暂无", false), ("陈晓", false), ("3012345", false), ("12345", false), ("0552-30123", false), ("12905521234", false),
            ("1390552123", false), ("0552-3012345转", false), ("电话", false), ("0552-3012345-123-4", false), ("5552-3012345", false),
        ]
        for (phone, valid) in table {
            XCTAssertEqual(TelephoneNumber.isValid(phone), valid, phone)
            let checks = failures({ $0.handlerPhone = phone }).map(\.check)
            XCTAssertEqual(checks, valid ? [] : [.handler], phone)
        }
    }

    /// Review of issue 9: two numbers in the cell, a note after the number, area codes of zeros.
    func testTwoNumbersANoteAndAreaCodesOfZeros() {
        let table: [(String, Bool)] = [
            ("0552-3012345、13905521234", true), ("13905521234，0552-3012345", true), ("暂无；0552-3012345", true),
            ("0552-3012345/13905521234", true), ("0552-3012345（办）", true), ("13905521234(手机)", true),
            ("(0552)3012345（传真）", true),
            ("0000000000", false), ("000-1234567", false), ("(000)12345678", false), ("0055-2301234", false),
            ("00552301234", false),
        ]
        for (phone, valid) in table {
            XCTAssertEqual(TelephoneNumber.isValid(phone), valid, phone)
            XCTAssertEqual(failures({ $0.handlerPhone = phone }).map(\.check), valid ? [] : [.handler], phone)
        }
    }

    // MARK: - unreadable

    func testAnUnreadableSheetFailsOnlyAsUnreadable() {
        // What the reader makes of an XML sheet the schema refuses (here for a second ds:Signature).
        let refused = ReceivedFeedback(medium: .xml, attachment: "a.xml", sha256: "x", answer: nil, caseNumber: nil, formNumber: nil,
                                       signature: .none, problems: ["the form is not valid against forms.xsd: Element 'ds:Signature': This element is not expected."])
        let found = SignOffRules.failures(refused, .init(record: T.record(), unit: T.cg, parent: nil, heavyItem: true,
                                                         issuedFeedbackForms: [T.fk]))
        XCTAssertEqual(found.map(\.check), [.readable], "\(found)")
        XCTAssertFalse(found.contains { $0.message.contains("signature") && !$0.message.contains("ds:Signature") }, "\(found)")
    }
}
