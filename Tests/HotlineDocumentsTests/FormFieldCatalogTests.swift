import HotlineCore
import XCTest

@testable import HotlineDocuments

final class FormFieldCatalogTests: XCTestCase {
    func testEveryFormHasTheCommonFieldsAndTheAssistRows() {
        for kind in FormKind.allCases {
            let catalog = FormFieldCatalog.catalog(for: kind)
            XCTAssertEqual(Array(catalog.fields.prefix(FormFieldCatalog.common.count)), FormFieldCatalog.common)
            XCTAssertEqual(catalog.rowGroup(named: "assist")?.fields, ["assist_unit"], "\(kind)")
            XCTAssertEqual(catalog.rowGroup(containing: "assist_unit")?.name, "assist")
            XCTAssertNil(catalog.rowGroup(containing: "case_number"))
            XCTAssertEqual(Set(catalog.fields).count, catalog.fields.count, "no field listed twice in \(kind)")
            for name in catalog.allFieldNames {
                XCTAssertNotNil(FormFieldCatalog.label(name), "label for \(name)")
            }
        }
    }

    func testFormSpecificFields() {
        let table: [(FormKind, [String], [String])] = [
            (.approval, ["proposed_handling", "center_head", "leader_name", "leader_instruction"], ["assist"]),
            (.assignment, ["center_head"], ["assist"]),
            (.supervision, ["supervision_reason", "supervision_round", "original_form_number", "center_head"], ["assist"]),
            (.feedback, ["unit_name", "result", "satisfaction", "countersign_leader", "not_our_duty_reason"],
             ["assist", "citation"]),
        ]
        for (kind, fields, groups) in table {
            let catalog = FormFieldCatalog.catalog(for: kind)
            for field in fields { XCTAssertTrue(catalog.fields.contains(field), "\(kind) has \(field)") }
            XCTAssertEqual(catalog.rowGroups.map(\.name), groups)
        }
        XCTAssertEqual(FormFieldCatalog.catalog(for: .feedback).rowGroup(named: "citation")?.fields,
                       ["citation_title", "citation_number"])
        XCTAssertFalse(FormFieldCatalog.catalog(for: .assignment).allFieldNames.contains("result"))
    }

    func testBaseNameStripsTheCloneSuffixOnly() {
        let table = [("assist_unit.2", "assist_unit"), ("assist_unit", "assist_unit"), ("a.b", "a.b"),
                     ("x.", "x."), ("citation_number.10", "citation_number")]
        for (name, base) in table { XCTAssertEqual(FormFieldCatalog.baseName(name), base, name) }
    }

    /// Each shipped template declares and shows every field of its catalog, by exact name.
    func testShippedTemplatesCarryTheCatalog() throws {
        for kind in FormKind.allCases {
            let text = try ShippedTemplates.text(kind)
            XCTAssertTrue(text.contains(kind.title), "\(kind) title")
            for name in FormFieldCatalog.catalog(for: kind).allFieldNames {
                XCTAssertTrue(text.contains("office:string-value=\"\" text:name=\"\(name)\""), "\(kind) declares \(name)")
                XCTAssertTrue(text.contains("<text:user-field-get text:name=\"\(name)\""), "\(kind) shows \(name)")
            }
            XCTAssertFalse(text.contains("{{"), "no typed placeholders in \(kind)")
        }
    }
}
