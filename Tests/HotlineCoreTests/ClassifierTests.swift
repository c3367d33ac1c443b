import HotlineCore
import XCTest

final class ClassifierTests: XCTestCase {
    let classifier = Classifier()

    func testKindsClassesAndTheRuleThatFired() {
        // (subject, text, kind, class, key matter)
        let table: [(String, String, MatterKind, HandlingClass, Bool)] = [
            ("工地夜间施工噪音扰民", "每天夜里施工到凌晨", .complaint, .complex, false),
            ("小区停水两天", "从前天开始停水，无人处理", .opinion, .generalEmergency, false),
            ("求助：小区停水", "家中老人无水可用", .requestForHelp, .generalEmergency, false),
            ("楼道里煤气味很重", "怀疑燃气泄漏，请尽快处理", .opinion, .majorEmergency, true),
            ("咨询公积金提取", "请问离职后如何办理提取？", .consultation, .routine, false),
            ("建议增设公交线路", "建议在大学城和高铁站之间增设线路", .suggestion, .complex, false),
            ("举报违规占道经营", "路口摊贩占道", .report, .complex, false),
            ("联名反映拆迁补偿", "我们上百户居民联名反映", .opinion, .routine, true),
            ("暖气不热", "入冬以来暖气不热", .opinion, .generalEmergency, false),
        ]
        for (subject, text, kind, cls, key) in table {
            let c = classifier.classify(subject: subject, text: text)
            XCTAssertEqual(c.scope.value, .accepted, subject)
            XCTAssertEqual(c.kind.value, kind, "\(subject): \(c.kind.rule)")
            XCTAssertEqual(c.handlingClass.value, cls, "\(subject): \(c.handlingClass.rule)")
            XCTAssertEqual(c.keyMatter.value, key, "\(subject): \(c.keyMatter.rule)")
            XCTAssertFalse(c.kind.rule.isEmpty)
        }
    }

    func testRuleNamesTheKeywordAndField() {
        let c = classifier.classify(subject: "关于噪音", text: "我要投诉")
        XCTAssertEqual(c.kind.value, .complaint)
        XCTAssertEqual(c.kind.rule, "kind.complaint: subject contains \"噪音\"")
    }

    func testOutOfScopeMattersAreGuidedNotDispatched() {
        let table: [(String, String)] = [
            ("对法院判决不服", "judiciary"),
            ("我已经去过信访局两次", "petition"),
            ("部队营区施工问题", "military"),
            ("人大代表联系方式", "peoples-congress"),
            ("关于党费缴纳", "party-affairs"),
        ]
        for (text, category) in table {
            let c = classifier.classify(subject: "反映问题", text: text)
            XCTAssertEqual(c.scope.value, .outOfScope(category: category), text)
            XCTAssertNotNil(c.guidance)
        }
    }

    func testDeclaredKindFromTheWebFormOutranksKeywords() {
        let c = classifier.classify(subject: "窗口人员", text: "我要投诉", declaredKind: "批评")
        XCTAssertEqual(c.kind.value, .criticism)
        XCTAssertTrue(c.kind.rule.hasPrefix("kind.form-field"))
    }

    func testRulesAreConfigurable() {
        var rules = IntakeRules.default
        rules.kinds = [.init(.complaint, ["不满"])]
        rules.defaultKind = .consultation
        let c = Classifier(rules: rules)
        XCTAssertEqual(c.classify(subject: "对物业不满", text: "").kind.value, .complaint)
        XCTAssertEqual(c.classify(subject: "投诉", text: "").kind.value, .consultation)
    }
}
